//! Latency samples and their percentiles, and a small deterministic random generator
//! (benchmarks must be reproducible run to run, so no OS entropy).

use std::time::Duration;

/// Latencies of one measured operation.
#[derive(Debug, Default, Clone)]
pub struct Samples {
    v: Vec<Duration>,
}

impl Samples {
    pub fn with_capacity(n: usize) -> Self {
        Samples {
            v: Vec::with_capacity(n),
        }
    }
    pub fn push(&mut self, d: Duration) {
        self.v.push(d);
    }
    pub fn extend(&mut self, other: Samples) {
        self.v.extend(other.v);
    }
    pub fn len(&self) -> usize {
        self.v.len()
    }
    /// The `p`-th percentile (nearest rank), `p` in 0..=100.
    pub fn percentile(&self, p: f64) -> Duration {
        if self.v.is_empty() {
            return Duration::ZERO;
        }
        let mut s = self.v.clone();
        s.sort_unstable();
        let rank = ((p / 100.0) * s.len() as f64).ceil() as usize;
        s[rank.clamp(1, s.len()) - 1]
    }
    pub fn max(&self) -> Duration {
        self.v.iter().copied().max().unwrap_or_default()
    }
}

/// Milliseconds with three decimals, for tables.
pub fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

/// The machine's one-minute load average, printed next to every figure.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
                .into()
        })
        .unwrap_or_else(|| "?".into())
}

/// The machine's processor time so far, in clock ticks of all processors together: how
/// much of it was busy, and in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CpuTimes {
    pub busy: u64,
    pub total: u64,
}

/// Reads [`CpuTimes`] from `/proc/stat`; `None` where there is none (not Linux).
pub fn cpu_times() -> Option<CpuTimes> {
    parse_cpu_line(&std::fs::read_to_string("/proc/stat").ok()?)
}

/// The first line of `/proc/stat`: `cpu  user nice system idle iowait irq softirq steal
/// guest guest_nice`. Idle and waiting for IO count as not busy; guest time is already
/// inside user and nice, so it is not added again.
fn parse_cpu_line(stat: &str) -> Option<CpuTimes> {
    let line = stat.lines().next()?;
    let mut fields = line.split_whitespace();
    if fields.next()? != "cpu" {
        return None;
    }
    let n: Vec<u64> = fields
        .take(8)
        .map(|f| f.parse().ok())
        .collect::<Option<_>>()?;
    let [user, nice, system, idle, iowait, irq, softirq, steal] = n[..] else {
        return None;
    };
    let busy = user + nice + system + irq + softirq + steal;
    Some(CpuTimes {
        busy,
        total: busy + idle + iowait,
    })
}

/// The share of the machine's processor time that was busy between `from` and `to`,
/// in per cent (all processes: the server, its database and this tool).
pub fn busy_percent(from: CpuTimes, to: CpuTimes) -> Option<f64> {
    let total = to.total.checked_sub(from.total)?;
    let busy = to.busy.checked_sub(from.busy)?;
    (total > 0).then(|| 100.0 * busy as f64 / total as f64)
}

/// SplitMix64: tiny, fast, and the same sequence for the same seed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0); the modulo bias is irrelevant at these sizes.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let mut s = Samples::default();
        for i in 1..=100 {
            s.push(Duration::from_millis(i));
        }
        assert_eq!(s.percentile(50.0), Duration::from_millis(50));
        assert_eq!(s.percentile(99.0), Duration::from_millis(99));
        assert_eq!(s.percentile(100.0), Duration::from_millis(100));
        assert_eq!(Samples::default().percentile(50.0), Duration::ZERO);
    }

    #[test]
    fn cpu_line_is_read_and_compared() {
        let a = parse_cpu_line("cpu  100 10 50 800 40 0 0 0 0 0\ncpu0 50 5 25 400 20 0 0 0 0 0\n")
            .unwrap();
        assert_eq!(
            a,
            CpuTimes {
                busy: 160,
                total: 1000
            }
        );
        let b = parse_cpu_line("cpu  200 10 90 1000 50 5 5 0 0 0\n").unwrap();
        assert_eq!(busy_percent(a, b), Some(100.0 * 150.0 / 360.0));
        assert_eq!(busy_percent(a, a), None, "no time passed");
        assert_eq!(busy_percent(b, a), None, "counters do not go back");
        assert_eq!(parse_cpu_line("intr 1 2 3\n"), None);
        assert_eq!(parse_cpu_line("cpu  1 2 x 4 5 6 7 8\n"), None);
        assert_eq!(parse_cpu_line("cpu  1 2 3\n"), None, "too few fields");
    }

    #[test]
    fn rng_is_deterministic() {
        let a: Vec<u64> = (0..4)
            .map({
                let mut r = Rng::new(7);
                move |_| r.below(100)
            })
            .collect();
        let b: Vec<u64> = (0..4)
            .map({
                let mut r = Rng::new(7);
                move |_| r.below(100)
            })
            .collect();
        assert_eq!(a, b);
    }
}
