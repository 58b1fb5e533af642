//! Official holiday schedules for civil servants (cán bộ, công chức, viên chức), as
//! data: what the Prime Minister decided and the Ministry (Bộ LĐ-TB-XH, from 2025 Bộ
//! Nội vụ) announced for each year, including swapped days (nghỉ hoán đổi / làm bù).
//!
//! A year listed here replaces the rules of [`crate::holidays::by_rules`] entirely.
//! Years not listed use the rules. Administrators add what is published later through
//! [`crate::Overrides`].
//!
//! How each year was checked (the Tết days, the compensatory days and the swaps):
//! - 2020–2023: the Labour Code rules give exactly the announced schedules (no swapped
//!   working days in those years); cross-checked with the `holidays` Python package
//!   (tests/fixtures/vn_holidays_2020_2026.tsv) and the announced Tết periods
//!   (2020: 23/1–29/1; 2021: 10/2–16/2; 2022: 31/1–4/2 plus weekends; 2023: 20/1–26/1).
//! - 2024: Tết 8/2–14/2; 30/4 holiday with Monday 29/4 off, worked on Saturday 4/5
//!   (Công văn 2450/VPCP-KGVX).
//! - 2025: Tết 25/1–2/2 (Thông báo 6150/TB-BLĐTBXH, no swap); 30/4–1/5 with Friday 2/5
//!   off, worked on Saturday 26/4; Quốc khánh 1/9–2/9.
//! - 2026: Tết Dương lịch 1/1 with Friday 2/1 off, worked on Saturday 10/1 (Công văn
//!   12729/VPCP-KGVX, 25/12/2025 — the `holidays` package does not have this swap);
//!   Tết 14/2–22/2 (five days 16/2–20/2 plus weekends); Giỗ Tổ on Sunday 26/4,
//!   compensated Monday 27/4; Quốc khánh 1/9–2/9 with Monday 31/8 off, worked on
//!   Saturday 22/8. Ngày Văn hóa Việt Nam 24/11 is included as announced (Nghị quyết
//!   80-NQ/TW; the `holidays` package lists it too) although we could not read the
//!   amending law itself: treat it as the least certain entry.

use chrono::NaiveDate;

use crate::holidays::{DayOff, Entry, Occasion, Schedule};

use DayOff::{Compensatory as Comp, Holiday as Hol};
use Occasion::{Culture, HungKings, Labour, National, NewYear, Tet, Victory};

/// An entry of the table: (year, month, day, why).
type Row = (i32, u32, u32, What);

#[derive(Clone, Copy)]
enum What {
    Day(DayOff),
    /// Swapped day off, worked on (year, month, day).
    Swap(Occasion, (i32, u32, u32)),
}

const fn h(o: Occasion) -> What {
    What::Day(Hol(o))
}

const fn c(o: Occasion) -> What {
    What::Day(Comp(o))
}

/// First and last year with an official schedule.
pub const FIRST_OFFICIAL_YEAR: i32 = 2020;
pub const LAST_OFFICIAL_YEAR: i32 = 2026;

#[rustfmt::skip]
const ROWS: &[Row] = &[
    // 2020 (Bộ luật Lao động 2012: Quốc khánh one day).
    (2020, 1, 1, h(NewYear)),
    (2020, 1, 23, c(Tet)), (2020, 1, 24, h(Tet)), (2020, 1, 25, h(Tet)), (2020, 1, 26, h(Tet)),
    (2020, 1, 27, h(Tet)), (2020, 1, 28, h(Tet)), (2020, 1, 29, c(Tet)),
    (2020, 4, 2, h(HungKings)),
    (2020, 4, 30, h(Victory)), (2020, 5, 1, h(Labour)),
    (2020, 9, 2, h(National)),
    // 2021 (Bộ luật Lao động 2019 in force).
    (2021, 1, 1, h(NewYear)),
    (2021, 2, 10, c(Tet)), (2021, 2, 11, h(Tet)), (2021, 2, 12, h(Tet)), (2021, 2, 13, h(Tet)),
    (2021, 2, 14, h(Tet)), (2021, 2, 15, h(Tet)), (2021, 2, 16, c(Tet)),
    (2021, 4, 21, h(HungKings)),
    (2021, 4, 30, h(Victory)), (2021, 5, 1, h(Labour)), (2021, 5, 3, c(Labour)),
    (2021, 9, 2, h(National)), (2021, 9, 3, h(National)),
    // 2022
    (2022, 1, 1, h(NewYear)), (2022, 1, 3, c(NewYear)),
    (2022, 1, 31, h(Tet)), (2022, 2, 1, h(Tet)), (2022, 2, 2, h(Tet)), (2022, 2, 3, h(Tet)),
    (2022, 2, 4, h(Tet)),
    (2022, 4, 10, h(HungKings)), (2022, 4, 11, c(HungKings)),
    (2022, 4, 30, h(Victory)), (2022, 5, 1, h(Labour)), (2022, 5, 2, c(Victory)),
    (2022, 5, 3, c(Labour)),
    (2022, 9, 1, h(National)), (2022, 9, 2, h(National)),
    // 2023
    (2023, 1, 1, h(NewYear)), (2023, 1, 2, c(NewYear)),
    (2023, 1, 20, c(Tet)), (2023, 1, 21, h(Tet)), (2023, 1, 22, h(Tet)), (2023, 1, 23, h(Tet)),
    (2023, 1, 24, h(Tet)), (2023, 1, 25, h(Tet)), (2023, 1, 26, c(Tet)),
    (2023, 4, 29, h(HungKings)), (2023, 4, 30, h(Victory)), (2023, 5, 1, h(Labour)),
    (2023, 5, 2, c(HungKings)), (2023, 5, 3, c(Victory)),
    (2023, 9, 1, h(National)), (2023, 9, 2, h(National)), (2023, 9, 4, c(National)),
    // 2024
    (2024, 1, 1, h(NewYear)),
    (2024, 2, 8, c(Tet)), (2024, 2, 9, h(Tet)), (2024, 2, 10, h(Tet)), (2024, 2, 11, h(Tet)),
    (2024, 2, 12, h(Tet)), (2024, 2, 13, h(Tet)), (2024, 2, 14, c(Tet)),
    (2024, 4, 18, h(HungKings)),
    (2024, 4, 29, What::Swap(Victory, (2024, 5, 4))),
    (2024, 4, 30, h(Victory)), (2024, 5, 1, h(Labour)),
    (2024, 9, 2, h(National)), (2024, 9, 3, h(National)),
    // 2025
    (2025, 1, 1, h(NewYear)),
    (2025, 1, 27, h(Tet)), (2025, 1, 28, h(Tet)), (2025, 1, 29, h(Tet)), (2025, 1, 30, h(Tet)),
    (2025, 1, 31, h(Tet)),
    (2025, 4, 7, h(HungKings)),
    (2025, 4, 30, h(Victory)), (2025, 5, 1, h(Labour)),
    (2025, 5, 2, What::Swap(Labour, (2025, 4, 26))),
    (2025, 9, 1, h(National)), (2025, 9, 2, h(National)),
    // 2026
    (2026, 1, 1, h(NewYear)),
    (2026, 1, 2, What::Swap(NewYear, (2026, 1, 10))),
    (2026, 2, 16, h(Tet)), (2026, 2, 17, h(Tet)), (2026, 2, 18, h(Tet)), (2026, 2, 19, h(Tet)),
    (2026, 2, 20, h(Tet)),
    (2026, 4, 26, h(HungKings)), (2026, 4, 27, c(HungKings)),
    (2026, 4, 30, h(Victory)), (2026, 5, 1, h(Labour)),
    (2026, 8, 31, What::Swap(National, (2026, 8, 22))),
    (2026, 9, 1, h(National)), (2026, 9, 2, h(National)),
    (2026, 11, 24, h(Culture)),
];

/// Whether `year` has an official schedule here; other years are computed by the
/// rules and are estimates (dự kiến) until the Government publishes its decision.
pub fn covers(year: i32) -> bool {
    (FIRST_OFFICIAL_YEAR..=LAST_OFFICIAL_YEAR).contains(&year)
}

fn date((y, m, d): (i32, u32, u32)) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The official schedule of `year`, if we have one.
pub(crate) fn schedule(year: i32) -> Option<Schedule> {
    if !covers(year) {
        return None;
    }
    let mut s = Schedule::default();
    for &(y, m, d, what) in ROWS {
        let Some(day) = date((y, m, d)) else { continue };
        let (what, work_on) = match what {
            What::Day(w) => (w, None),
            What::Swap(occasion, work) => {
                let Some(work_on) = date(work) else { continue };
                (DayOff::Swapped { occasion, work_on }, Some(work_on))
            }
        };
        if y == year {
            s.days_off.push(Entry { date: day, what });
        }
        // A swapped-in working day belongs to the year it falls in, whichever year's
        // holiday it pays for.
        if let Some(w) = work_on.filter(|w| chrono::Datelike::year(w) == year) {
            s.working_days
                .push((w, format!("Làm bù cho ngày {}", day.format("%d/%m/%Y"))));
        }
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_a_valid_date_in_order() {
        let mut last = None;
        for &(y, m, d, what) in ROWS {
            let day = date((y, m, d)).unwrap();
            if let What::Swap(_, w) = what {
                date(w).unwrap();
            }
            assert!(last < Some(day), "rows out of order at {day}");
            last = Some(day);
        }
    }

    #[test]
    fn swapped_saturdays_are_working_days_of_their_year() {
        let s = schedule(2026).unwrap();
        let work: Vec<String> = s.working_days.iter().map(|(d, _)| d.to_string()).collect();
        assert_eq!(work, ["2026-01-10", "2026-08-22"]);
        assert_eq!(s.working_days[0].1, "Làm bù cho ngày 02/01/2026");
    }
}
