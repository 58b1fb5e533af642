//! Resolving unit names as written ("Phòng KT-HT-ĐT", "UBND phường") to the
//! units of an organisation's directory, with a confidence.
//!
//! Plain data in, plain data out: the caller loads the directory from
//! wherever it lives. Matching ignores case and diacritic variants
//! ("Uỷ"/"Ủy"), a trailing "phường"/"xã"/"thị trấn", expands "UBND"/"HĐND",
//! and reads acronyms ("KT-HT-ĐT" = "Kinh tế, hạ tầng và Đô thị").

use serde::{Deserialize, Deserializer, Serialize};

use crate::ParsedDocument;
use crate::normalize::fold_key;

/// One unit of the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryUnit {
    /// Opaque id (a string; numbers in JSON are accepted and kept as text).
    #[serde(deserialize_with = "id_from_any")]
    pub id: String,
    /// Official name ("Phòng Kinh tế, Hạ tầng và Đô thị").
    pub name: String,
    #[serde(default)]
    pub abbreviation: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

fn id_from_any<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(match v {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    })
}

/// The result of resolving one written name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitMatch {
    /// The name as written in the document.
    pub written: String,
    /// Matched directory id; `None` when the unit is unknown.
    pub unit_id: Option<String>,
    /// 0..1; 0 when unknown.
    pub confidence: f32,
}

/// An assignment with its units resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedUnit {
    pub lead: UnitMatch,
    pub cooperating: Vec<UnitMatch>,
}

const STOP: &[&str] = &["va", "cac", "voi", "cua", "thuoc"];
const LOCALITY: &[&str] = &["phuong", "xa", "thi tran", "dac khu"];

struct Entry {
    keys: Vec<String>,
    abbr: Option<String>,
}

/// An organisation directory prepared for matching.
pub struct Directory {
    units: Vec<DirectoryUnit>,
    entries: Vec<Entry>,
}

fn expand(key: &str) -> String {
    let mut out = Vec::new();
    for w in key.split(' ') {
        match w {
            "ubnd" => out.push("uy ban nhan dan"),
            "hdnd" => out.push("hoi dong nhan dan"),
            "ubmttq" => out.push("uy ban mat tran to quoc"),
            "mttq" => out.push("mat tran to quoc"),
            "vp" => out.push("van phong"),
            "tt" => out.push("trung tam"),
            w => out.push(w),
        }
    }
    out.join(" ")
}

fn strip_locality(key: &str) -> String {
    let mut k = key.to_string();
    for l in LOCALITY {
        if let Some(rest) = k.strip_suffix(&format!(" {l}"))
            && rest.split(' ').count() >= 2
        {
            k = rest.to_string();
        }
    }
    k
}

fn canon(s: &str) -> String {
    strip_locality(&expand(&fold_key(s)))
}

/// Written tokens may be acronyms of runs of candidate words:
/// "phong kt ht dt" vs "phong kinh te ha tang va do thi".
fn acronym_match(written: &[&str], cand: &[&str]) -> bool {
    fn go(w: &[&str], c: &[&str]) -> bool {
        match (w.first(), c.first()) {
            (None, None) => true,
            (None, Some(_)) => false,
            (Some(_), None) => false,
            (Some(wf), Some(cf)) => {
                if wf == cf && go(&w[1..], &c[1..]) {
                    return true;
                }
                if STOP.contains(cf) && go(w, &c[1..]) {
                    return true;
                }
                let letters: Vec<char> = wf.chars().collect();
                if letters.len() >= 2 && letters.len() <= 8 {
                    // Consume one candidate word per letter, skipping stop words.
                    let mut j = 0;
                    let mut ok = true;
                    for l in &letters {
                        while j < c.len() && STOP.contains(&c[j]) {
                            j += 1;
                        }
                        match c.get(j) {
                            Some(cw) if cw.starts_with(*l) => j += 1,
                            _ => {
                                ok = false;
                                break;
                            }
                        }
                    }
                    if ok && go(&w[1..], &c[j..]) {
                        return true;
                    }
                }
                false
            }
        }
    }
    go(written, cand)
}

fn jaccard(a: &str, b: &str) -> f32 {
    let sa: std::collections::BTreeSet<&str> = a.split(' ').filter(|w| !STOP.contains(w)).collect();
    let sb: std::collections::BTreeSet<&str> = b.split(' ').filter(|w| !STOP.contains(w)).collect();
    if sa.is_empty() || sb.is_empty() {
        return 0.0;
    }
    let inter = sa.intersection(&sb).count() as f32;
    inter / sa.union(&sb).count() as f32
}

impl Directory {
    pub fn new(units: Vec<DirectoryUnit>) -> Self {
        let entries = units
            .iter()
            .map(|u| {
                let mut keys = vec![canon(&u.name)];
                keys.extend(u.aliases.iter().map(|a| canon(a)));
                Entry {
                    keys,
                    abbr: u
                        .abbreviation
                        .as_deref()
                        .map(fold_key)
                        .filter(|a| !a.is_empty()),
                }
            })
            .collect();
        Directory { units, entries }
    }

    pub fn units(&self) -> &[DirectoryUnit] {
        &self.units
    }

    /// Resolves one name as written; unknown units keep `unit_id: None`.
    pub fn resolve(&self, written: &str) -> UnitMatch {
        let w = canon(written);
        let raw = fold_key(written);
        let mut best: Option<(usize, f32)> = None;
        let mut consider = |i: usize, c: f32| {
            if best.is_none_or(|(_, b)| c > b) {
                best = Some((i, c));
            }
        };
        for (i, e) in self.entries.iter().enumerate() {
            for (ki, k) in e.keys.iter().enumerate() {
                if k.is_empty() {
                    continue;
                }
                if *k == w {
                    // Identical after folding: an alias scores a little lower.
                    consider(
                        i,
                        if ki == 0 && raw == fold_key(&self.units[i].name) {
                            1.0
                        } else {
                            0.95
                        },
                    );
                    continue;
                }
                let wt: Vec<&str> = w.split(' ').collect();
                let kt: Vec<&str> = k.split(' ').collect();
                if acronym_match(&wt, &kt) {
                    consider(i, 0.9);
                    continue;
                }
                let j = jaccard(&w, k);
                if j >= 0.75 {
                    consider(i, 0.85 * j);
                }
            }
            if let Some(a) = &e.abbr
                && (*a == raw || raw.ends_with(&format!(" {a}")))
            {
                consider(i, 0.9);
            }
        }
        match best {
            Some((i, c)) if c >= 0.5 => UnitMatch {
                written: written.to_string(),
                unit_id: Some(self.units[i].id.clone()),
                confidence: c,
            },
            _ => UnitMatch {
                written: written.to_string(),
                unit_id: None,
                confidence: 0.0,
            },
        }
    }

    /// Resolves the lead and co-operating units of every assignment.
    pub fn resolve_assignments(&self, doc: &ParsedDocument) -> Vec<ResolvedUnit> {
        doc.assignments
            .iter()
            .map(|a| ResolvedUnit {
                lead: self.resolve(&a.lead),
                cooperating: a.cooperating.iter().map(|c| self.resolve(c)).collect(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> Directory {
        Directory::new(vec![
            DirectoryUnit {
                id: "ktht".into(),
                name: "Phòng Kinh tế, Hạ tầng và Đô thị".into(),
                abbreviation: Some("KT-HT-ĐT".into()),
                aliases: vec![],
            },
            DirectoryUnit {
                id: "vp".into(),
                name: "Văn phòng HĐND và UBND".into(),
                abbreviation: None,
                aliases: vec!["Văn phòng".into()],
            },
            DirectoryUnit {
                id: "vhxh".into(),
                name: "Phòng Văn hóa - Xã hội".into(),
                abbreviation: None,
                aliases: vec![],
            },
        ])
    }

    #[test]
    fn resolves_variants() {
        let d = dir();
        let cases: &[(&str, Option<&str>)] = &[
            ("Phòng Kinh tế, hạ tầng và Đô thị phường", Some("ktht")),
            ("Phòng KT-HT-ĐT", Some("ktht")),
            ("PHÒNG KINH TẾ, HẠ TẦNG VÀ ĐÔ THỊ", Some("ktht")),
            (
                "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường",
                Some("vp"),
            ),
            ("Phòng Văn hoá - Xã hội phường", Some("vhxh")),
            ("Công an phường", None),
        ];
        for (w, want) in cases {
            let m = d.resolve(w);
            assert_eq!(m.unit_id.as_deref(), *want, "{w}: {m:?}");
            if want.is_some() {
                assert!(m.confidence > 0.5 && m.confidence <= 1.0);
            } else {
                assert_eq!(m.confidence, 0.0);
                assert_eq!(m.written, *w);
            }
        }
    }

    #[test]
    fn ids_from_numbers() {
        let u: DirectoryUnit = serde_json::from_str(r#"{"id": 42, "name": "Sở Y tế"}"#).unwrap();
        assert_eq!(u.id, "42");
    }
}
