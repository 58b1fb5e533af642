//! The astronomy behind the lunisolar calendar: instants of new moon and the Sun's
//! apparent longitude, after Jean Meeus, *Astronomical Algorithms* (2nd ed.), chapters
//! 25 (solar coordinates, low accuracy) and 49 (phases of the Moon), with ΔT from the
//! Espenak–Meeus polynomials (NASA Five Millennium Canon of Solar Eclipses).
//!
//! Times are Julian Days. "JDE" is dynamical time (TT), "JD" universal time (UT).
//! Civil days are counted as chrono's `num_days_from_ce` so they convert to
//! `NaiveDate` without going through Julian Days again.

use std::f64::consts::PI;

/// Julian Day at 0h UT of 0001-01-01 (proleptic Gregorian) minus its
/// `num_days_from_ce` (which is 1), so `JD(midnight UT of day d) = d + JD_CE_OFFSET - 0.5`.
const JD_CE_OFFSET: f64 = 1_721_425.0;

/// Mean synodic month in days (Meeus 49.1).
pub(crate) const SYNODIC_MONTH: f64 = 29.530_588_861;

fn sin_deg(x: f64) -> f64 {
    (x * PI / 180.0).sin()
}

/// ΔT = TT − UT in seconds for a decimal year (Espenak & Meeus, 2006). Outside
/// 1800–2150 the long-term parabola is used: good enough for a calendar, as the
/// error there is minutes, not the hours that would move a day.
fn delta_t_seconds(year: f64) -> f64 {
    let y = year;
    if (1800.0..1860.0).contains(&y) {
        let t = y - 1800.0;
        13.72 - 0.332447 * t + 0.0068612 * t.powi(2) + 0.0041116 * t.powi(3)
            - 0.00037436 * t.powi(4)
            + 0.0000121272 * t.powi(5)
            - 0.0000001699 * t.powi(6)
            + 0.000000000875 * t.powi(7)
    } else if (1860.0..1900.0).contains(&y) {
        let t = y - 1860.0;
        7.62 + 0.5737 * t - 0.251754 * t.powi(2) + 0.01680668 * t.powi(3) - 0.0004473624 * t.powi(4)
            + t.powi(5) / 233_174.0
    } else if (1900.0..1920.0).contains(&y) {
        let t = y - 1900.0;
        -2.79 + 1.494119 * t - 0.0598939 * t.powi(2) + 0.0061966 * t.powi(3) - 0.000197 * t.powi(4)
    } else if (1920.0..1941.0).contains(&y) {
        let t = y - 1920.0;
        21.20 + 0.84493 * t - 0.076100 * t.powi(2) + 0.0020936 * t.powi(3)
    } else if (1941.0..1961.0).contains(&y) {
        let t = y - 1950.0;
        29.07 + 0.407 * t - t.powi(2) / 233.0 + t.powi(3) / 2547.0
    } else if (1961.0..1986.0).contains(&y) {
        let t = y - 1975.0;
        45.45 + 1.067 * t - t.powi(2) / 260.0 - t.powi(3) / 718.0
    } else if (1986.0..2005.0).contains(&y) {
        let t = y - 2000.0;
        63.86 + 0.3345 * t - 0.060374 * t.powi(2)
            + 0.0017275 * t.powi(3)
            + 0.000651814 * t.powi(4)
            + 0.00002373599 * t.powi(5)
    } else if (2005.0..2050.0).contains(&y) {
        let t = y - 2000.0;
        62.92 + 0.32217 * t + 0.005589 * t.powi(2)
    } else if (2050.0..2150.0).contains(&y) {
        let u = (y - 1820.0) / 100.0;
        -20.0 + 32.0 * u * u - 0.5628 * (2150.0 - y)
    } else {
        let u = (y - 1820.0) / 100.0;
        -20.0 + 32.0 * u * u
    }
}

/// ΔT in days for an instant given as a Julian Day.
fn delta_t_days(jd: f64) -> f64 {
    let year = 2000.0 + (jd - 2_451_545.0) / 365.25;
    delta_t_seconds(year) / 86_400.0
}

/// Instant (JDE, dynamical time) of the true new moon number `k`, where k = 0 is the
/// new moon of 2000-01-06 (Meeus chapter 49, with all periodic and planetary terms).
pub(crate) fn new_moon_jde(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let t4 = t3 * t;
    let jde = 2_451_550.097_66 + SYNODIC_MONTH * k + 0.000_154_37 * t2 - 0.000_000_150 * t3
        + 0.000_000_000_73 * t4;
    let e = 1.0 - 0.002_516 * t - 0.000_007_4 * t2;
    // Sun's mean anomaly, Moon's mean anomaly, Moon's argument of latitude,
    // longitude of the ascending node (degrees).
    let m = 2.5534 + 29.105_356_70 * k - 0.000_001_4 * t2 - 0.000_000_11 * t3;
    let mp =
        201.5643 + 385.816_935_28 * k + 0.010_758_2 * t2 + 0.000_012_38 * t3 - 0.000_000_058 * t4;
    let f =
        160.7108 + 390.670_502_84 * k - 0.001_611_8 * t2 - 0.000_002_27 * t3 + 0.000_000_011 * t4;
    let om = 124.7746 - 1.563_755_88 * k + 0.002_067_2 * t2 + 0.000_002_15 * t3;

    let corr = -0.40720 * sin_deg(mp)
        + 0.17241 * e * sin_deg(m)
        + 0.01608 * sin_deg(2.0 * mp)
        + 0.01039 * sin_deg(2.0 * f)
        + 0.00739 * e * sin_deg(mp - m)
        - 0.00514 * e * sin_deg(mp + m)
        + 0.00208 * e * e * sin_deg(2.0 * m)
        - 0.00111 * sin_deg(mp - 2.0 * f)
        - 0.00057 * sin_deg(mp + 2.0 * f)
        + 0.00056 * e * sin_deg(2.0 * mp + m)
        - 0.00042 * sin_deg(3.0 * mp)
        + 0.00042 * e * sin_deg(m + 2.0 * f)
        + 0.00038 * e * sin_deg(m - 2.0 * f)
        - 0.00024 * e * sin_deg(2.0 * mp - m)
        - 0.00017 * sin_deg(om)
        - 0.00007 * sin_deg(mp + 2.0 * m)
        + 0.00004 * sin_deg(2.0 * mp - 2.0 * f)
        + 0.00004 * sin_deg(3.0 * m)
        + 0.00003 * sin_deg(mp + m - 2.0 * f)
        + 0.00003 * sin_deg(2.0 * mp + 2.0 * f)
        - 0.00003 * sin_deg(mp + m + 2.0 * f)
        + 0.00003 * sin_deg(mp - m + 2.0 * f)
        - 0.00002 * sin_deg(mp - m - 2.0 * f)
        - 0.00002 * sin_deg(3.0 * mp + m)
        + 0.00002 * sin_deg(4.0 * mp);

    // Planetary arguments A1..A14 and their coefficients (Meeus p. 352).
    const PLANETARY: [(f64, f64, f64); 13] = [
        (251.88, 0.016_321, 0.000_165),
        (251.83, 26.651_886, 0.000_164),
        (349.42, 36.412_478, 0.000_126),
        (84.66, 18.206_239, 0.000_110),
        (141.74, 53.303_771, 0.000_062),
        (207.14, 2.453_732, 0.000_060),
        (154.84, 7.306_860, 0.000_056),
        (34.52, 27.261_239, 0.000_047),
        (207.19, 0.121_824, 0.000_042),
        (291.34, 1.844_379, 0.000_040),
        (161.72, 24.198_154, 0.000_037),
        (239.56, 25.513_099, 0.000_035),
        (331.55, 3.592_518, 0.000_023),
    ];
    let a1 = 299.77 + 0.107_408 * k - 0.009_173 * t2;
    let mut planetary = 0.000_325 * sin_deg(a1);
    for (a0, rate, coeff) in PLANETARY {
        planetary += coeff * sin_deg(a0 + rate * k);
    }
    jde + corr + planetary
}

/// The civil day (as `num_days_from_ce`) that contains the instant `jde`, at
/// `utc_offset_hours` from UT.
pub(crate) fn local_day(jde: f64, utc_offset_hours: f64) -> i64 {
    let jd_ut = jde - delta_t_days(jde);
    (jd_ut + 0.5 + utc_offset_hours / 24.0 - JD_CE_OFFSET).floor() as i64
}

/// The Sun's apparent longitude in degrees, `[0, 360)`, at `jde` (Meeus chapter 25,
/// low accuracy: about 0.01°, i.e. a quarter of an hour in the time of a solar term).
pub(crate) fn sun_longitude(jde: f64) -> f64 {
    let t = (jde - 2_451_545.0) / 36_525.0;
    let l0 = 280.466_46 + 36_000.769_83 * t + 0.000_303_2 * t * t;
    let m = 357.529_11 + 35_999.050_29 * t - 0.000_153_7 * t * t;
    let c = (1.914_602 - 0.004_817 * t - 0.000_014 * t * t) * sin_deg(m)
        + (0.019_993 - 0.000_101 * t) * sin_deg(2.0 * m)
        + 0.000_289 * sin_deg(3.0 * m);
    let omega = 125.04 - 1934.136 * t;
    let lambda = l0 + c - 0.005_69 - 0.004_78 * sin_deg(omega);
    lambda.rem_euclid(360.0)
}

/// The Sun's apparent longitude at local midnight starting civil day `day`.
pub(crate) fn sun_longitude_at_day_start(day: i64, utc_offset_hours: f64) -> f64 {
    let jd_ut = day as f64 + JD_CE_OFFSET - 0.5 - utc_offset_hours / 24.0;
    sun_longitude(jd_ut + delta_t_days(jd_ut))
}

/// Index (0..12) of the 30° sector of ecliptic longitude the Sun is in at the start
/// of civil day `day`. A major solar term (trung khí) falls in a span of days exactly
/// when the sector at its first day differs from the sector at the day after it.
pub(crate) fn sun_sector_at_day_start(day: i64, utc_offset_hours: f64) -> i64 {
    (sun_longitude_at_day_start(day, utc_offset_hours) / 30.0).floor() as i64
}

/// Approximate new-moon number whose instant is near civil day `day`.
pub(crate) fn approx_new_moon_k(day: i64) -> i64 {
    let jd = day as f64 + JD_CE_OFFSET;
    ((jd - 2_451_550.097_66) / SYNODIC_MONTH).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeus_example_49a_new_moon_1977() {
        // Meeus example 49.a: the new moon of 1977 February, k = -283,
        // JDE 2443192.65118 (the book's result with all corrections).
        let jde = new_moon_jde(-283);
        assert!((jde - 2_443_192.651_18).abs() < 0.000_1, "{jde}");
    }

    #[test]
    fn meeus_example_25a_sun_1992() {
        // Meeus example 25.a: 1992 October 13.0 TD, apparent longitude 199.90895°
        // (low-accuracy method, the book gives 199°54'32" ≈ 199.90889).
        let lon = sun_longitude(2_448_908.5);
        assert!((lon - 199.909).abs() < 0.001, "{lon}");
    }

    #[test]
    fn delta_t_is_about_a_minute_in_2000() {
        let dt = delta_t_seconds(2000.0);
        assert!((63.0..65.0).contains(&dt), "{dt}");
    }
}
