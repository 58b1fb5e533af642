//! Scoring the parser against annotated gold files (corpus/gold/*.json, see
//! GOLD-GUIDE.md). Pure: takes `(name, text, gold json)` triples, so it is
//! unit-testable and the CLI only reads files.
//!
//! Matching: strings are compared after NFC, whitespace collapsing and case
//! folding ([`compare_key`]); lists (addressees, references, distribution,
//! authority) must match as sets; lead units match by key; deadlines match on
//! (lead, ISO date); `tasks` counts (summed over a lead's entries, one per
//! section it is named in) are compared for matched leads only.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use crate::normalize::compare_key;
use crate::{ParsedDocument, parse};

/// Correct / total for one field.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct FieldScore {
    pub field: &'static str,
    pub correct: usize,
    pub total: usize,
}

impl FieldScore {
    pub fn accuracy(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.correct as f64 / self.total as f64
        }
    }
}

/// True/false positives and false negatives.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Prf) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct FileReport {
    pub name: String,
    pub misses: Vec<String>,
    pub leads: Prf,
    pub deadlines: Prf,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub files: Vec<FileReport>,
    pub fields: Vec<FieldScore>,
    pub leads: Prf,
    pub deadlines: Prf,
    /// Matched leads whose number of duties equals the gold count.
    pub tasks_count: FieldScore,
    /// Documents whose gold has no assignments but the parser proposed some.
    pub invented_docs: usize,
    /// Files whose gold JSON could not be read.
    pub bad_gold: Vec<String>,
}

const FIELDS: &[&str] = &[
    "kind",
    "number",
    "issuer",
    "place",
    "date",
    "subject",
    "addressees",
    "references",
    "signature.authority",
    "signature.title",
    "signature.name",
    "distribution",
];

impl Report {
    pub fn field(&self, name: &str) -> Option<&FieldScore> {
        self.fields.iter().find(|f| f.field == name)
    }

    /// The header figure the targets speak of: number, date and signer name
    /// pooled (exact match).
    pub fn header_accuracy(&self) -> f64 {
        let (mut c, mut t) = (0, 0);
        for f in ["number", "date", "signature.name"] {
            if let Some(s) = self.field(f) {
                c += s.correct;
                t += s.total;
            }
        }
        if t == 0 { 1.0 } else { c as f64 / t as f64 }
    }

    /// Human-readable report: per-field accuracy, F1s, then each file's misses.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "documents: {}", self.files.len());
        for f in &self.fields {
            let _ = writeln!(
                s,
                "  {:<22} {:>3}/{:<3} {:6.1}%",
                f.field,
                f.correct,
                f.total,
                f.accuracy() * 100.0
            );
        }
        let _ = writeln!(
            s,
            "  {:<22} {:6.1}%",
            "header (num+date+name)",
            self.header_accuracy() * 100.0
        );
        for (name, p) in [("lead units", self.leads), ("deadlines", self.deadlines)] {
            let _ = writeln!(
                s,
                "  {:<22} P {:.3}  R {:.3}  F1 {:.3}  (tp {} fp {} fn {})",
                name,
                p.precision(),
                p.recall(),
                p.f1(),
                p.tp,
                p.fp,
                p.fn_
            );
        }
        let _ = writeln!(
            s,
            "  {:<22} {:>3}/{:<3} {:6.1}%",
            "tasks count",
            self.tasks_count.correct,
            self.tasks_count.total,
            self.tasks_count.accuracy() * 100.0
        );
        let _ = writeln!(s, "  {:<22} {}", "invented (docs)", self.invented_docs);
        for b in &self.bad_gold {
            let _ = writeln!(s, "  unreadable gold: {b}");
        }
        for f in &self.files {
            if f.misses.is_empty() {
                continue;
            }
            let _ = writeln!(s, "\n{}:", f.name);
            for m in &f.misses {
                let _ = writeln!(s, "  - {m}");
            }
        }
        s
    }
}

fn opt_str(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn str_list(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn key_opt(s: Option<&str>) -> Option<String> {
    s.map(compare_key)
}

fn key_set(v: &[String]) -> BTreeSet<String> {
    v.iter().map(|s| compare_key(s)).collect()
}

fn number_key(s: Option<&str>) -> Option<String> {
    s.map(|n| n.chars().filter(|c| !c.is_whitespace()).collect())
}

/// Scores one document; pushes misses into `file`.
fn score_one(
    doc: &ParsedDocument,
    gold: &Value,
    file: &mut FileReport,
    fields: &mut [FieldScore],
    tasks: &mut FieldScore,
) -> bool {
    let mut check =
        |field: &'static str, ok: bool, got: String, want: String, misses: &mut Vec<String>| {
            if let Some(f) = fields.iter_mut().find(|f| f.field == field) {
                f.total += 1;
                if ok {
                    f.correct += 1;
                } else {
                    misses.push(format!("{field}: got {got}, want {want}"));
                }
            }
        };
    let m = &mut file.misses;
    let gk = gold["kind"].as_str().unwrap_or("");
    check(
        "kind",
        doc.kind.as_str() == gk,
        doc.kind.as_str().into(),
        gk.into(),
        m,
    );
    let (gn, dn) = (
        number_key(gold["number"].as_str()),
        number_key(doc.number.as_deref()),
    );
    check("number", gn == dn, format!("{dn:?}"), format!("{gn:?}"), m);
    for (field, got, want) in [
        ("issuer", doc.issuer.as_deref(), gold["issuer"].as_str()),
        ("place", doc.place.as_deref(), gold["place"].as_str()),
        ("date", doc.date.as_deref(), gold["date"].as_str()),
        ("subject", doc.subject.as_deref(), gold["subject"].as_str()),
    ] {
        check(
            field,
            key_opt(got) == key_opt(want),
            format!("{got:?}"),
            format!("{want:?}"),
            m,
        );
    }
    for (field, got, want) in [
        (
            "addressees",
            doc.addressees.clone(),
            str_list(&gold["addressees"]),
        ),
        (
            "references",
            doc.references.iter().map(|r| r.number.clone()).collect(),
            str_list(&gold["references"]),
        ),
        (
            "distribution",
            doc.distribution.clone(),
            str_list(&gold["distribution"]),
        ),
    ] {
        let (g, w) = (key_set(&got), key_set(&want));
        let detail_got: Vec<&String> = g.difference(&w).collect();
        let detail_want: Vec<&String> = w.difference(&g).collect();
        check(
            field,
            g == w,
            format!("extra {detail_got:?}"),
            format!("missing {detail_want:?}"),
            m,
        );
    }
    let gs = &gold["signature"];
    let (ga, gt, gnm) = if gs.is_null() {
        (None, None, None)
    } else {
        (
            Some(str_list(&gs["authority"])),
            opt_str(&gs["title"]),
            opt_str(&gs["name"]),
        )
    };
    let (da, dt, dnm) = match &doc.signature {
        None => (None, None, None),
        Some(s) => (Some(s.authority.clone()), s.title.clone(), s.name.clone()),
    };
    let akey = |a: &Option<Vec<String>>| {
        a.as_ref()
            .map(|v| v.iter().map(|s| compare_key(s)).collect::<Vec<_>>())
    };
    check(
        "signature.authority",
        akey(&da) == akey(&ga),
        format!("{da:?}"),
        format!("{ga:?}"),
        m,
    );
    check(
        "signature.title",
        key_opt(dt.as_deref()) == key_opt(gt.as_deref()),
        format!("{dt:?}"),
        format!("{gt:?}"),
        m,
    );
    check(
        "signature.name",
        key_opt(dnm.as_deref()) == key_opt(gnm.as_deref()),
        format!("{dnm:?}"),
        format!("{gnm:?}"),
        m,
    );

    // Leads, deadlines, task counts.
    let gold_asg = gold["assignments"].as_array().cloned().unwrap_or_default();
    let gold_leads: Vec<(String, &Value)> = gold_asg
        .iter()
        .filter_map(|a| a["lead"].as_str().map(|l| (compare_key(l), a)))
        .collect();
    let gset: BTreeSet<String> = gold_leads.iter().map(|(k, _)| k.clone()).collect();
    let dset: BTreeSet<String> = doc
        .assignments
        .iter()
        .map(|a| compare_key(&a.lead))
        .collect();
    let mut lp = Prf::default();
    for k in &dset {
        if gset.contains(k) {
            lp.tp += 1;
        } else {
            lp.fp += 1;
            m.push(format!("lead extra: {k}"));
        }
    }
    for k in gset.difference(&dset) {
        lp.fn_ += 1;
        m.push(format!("lead missing: {k}"));
    }
    let mut gdl: BTreeSet<(String, String)> = BTreeSet::new();
    for (k, a) in &gold_leads {
        for d in a["deadlines"].as_array().into_iter().flatten() {
            if let Some(date) = d["date"].as_str() {
                gdl.insert((k.clone(), date.to_string()));
            }
        }
        // The gold lists a lead once; the parser gives it one entry per
        // section it is named in: its duties are those of all its entries.
        let ours: Vec<_> = doc
            .assignments
            .iter()
            .filter(|x| compare_key(&x.lead) == *k)
            .collect();
        if !ours.is_empty() {
            let got: usize = ours.iter().map(|x| x.tasks.len()).sum();
            let want = a["tasks"].as_u64().unwrap_or(0) as usize;
            tasks.total += 1;
            if got == want {
                tasks.correct += 1;
            } else {
                m.push(format!("tasks for {k}: got {got}, want {want}"));
            }
        }
    }
    let mut ddl: BTreeSet<(String, String)> = BTreeSet::new();
    for a in &doc.assignments {
        for d in &a.deadlines {
            if let Some(date) = &d.date {
                ddl.insert((compare_key(&a.lead), date.clone()));
            }
        }
    }
    let mut dp = Prf::default();
    for x in &ddl {
        if gdl.contains(x) {
            dp.tp += 1;
        } else {
            dp.fp += 1;
            m.push(format!("deadline extra: {} {}", x.0, x.1));
        }
    }
    for x in gdl.difference(&ddl) {
        dp.fn_ += 1;
        m.push(format!("deadline missing: {} {}", x.0, x.1));
    }
    file.leads = lp;
    file.deadlines = dp;
    gold_asg.is_empty() && !doc.assignments.is_empty()
}

/// Parses every `(name, text, gold_json)` and scores it against its gold.
pub fn evaluate(docs: &[(String, String, String)]) -> Report {
    let mut report = Report {
        fields: FIELDS
            .iter()
            .map(|f| FieldScore {
                field: f,
                correct: 0,
                total: 0,
            })
            .collect(),
        tasks_count: FieldScore {
            field: "tasks",
            correct: 0,
            total: 0,
        },
        ..Report::default()
    };
    for (name, text, gold) in docs {
        let gold: Value = match serde_json::from_str(gold) {
            Ok(v) => v,
            Err(e) => {
                report.bad_gold.push(format!("{name}: {e}"));
                continue;
            }
        };
        let parsed = parse(text);
        let mut file = FileReport {
            name: name.clone(),
            ..FileReport::default()
        };
        let invented = score_one(
            &parsed.document,
            &gold,
            &mut file,
            &mut report.fields,
            &mut report.tasks_count,
        );
        if invented {
            report.invented_docs += 1;
            file.misses
                .push("invented assignments in a document that gives no one work".into());
        }
        report.leads.add(file.leads);
        report.deadlines.add(file.deadlines);
        report.files.push(file);
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_a_small_document() {
        let text = "ỦY BAN NHÂN DÂN\nPHƯỜNG A\n-----\nSố: 12/UBND-VP\nV/v thực hiện\nA, ngày 05 tháng 02 năm 2026\nKính gửi: Các phòng.\n\n1. Phòng Văn hóa - Xã hội\n- Tổ chức tuyên truyền trước ngày 30/6/2026.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn A";
        let gold = r#"{"kind":"cong_van","number":"12/UBND-VP","issuer":"ỦY BAN NHÂN DÂN PHƯỜNG A","place":"A","date":"2026-02-05","subject":"thực hiện","addressees":["Các phòng"],"references":[],"signature":{"authority":["KT. CHỦ TỊCH"],"title":"PHÓ CHỦ TỊCH","name":"Nguyễn Văn A"},"distribution":["Như trên","Lưu: VT"],"assignments":[{"lead":"Phòng Văn hóa - Xã hội","cooperating":[],"tasks":1,"deadlines":[{"date":"2026-06-30","text":"trước ngày 30/6/2026"}],"recurring":null}]}"#;
        let r = evaluate(&[("a.txt".into(), text.into(), gold.into())]);
        assert_eq!(r.files[0].misses, Vec::<String>::new(), "{}", r.render());
        assert_eq!(r.leads.f1(), 1.0);
        assert_eq!(r.deadlines.f1(), 1.0);
        assert_eq!(r.header_accuracy(), 1.0);
    }

    #[test]
    fn a_leads_entries_in_several_sections_count_together() {
        let text = "ỦY BAN NHÂN DÂN\nPHƯỜNG A\n-----\nSố: 12/UBND-VP\nV/v thực hiện\nA, ngày 05 tháng 02 năm 2026\nKính gửi: Các phòng.\n\n1. Giao Phòng Văn hóa - Xã hội tổ chức tuyên truyền trước ngày 30/6/2026.\n2. Giao Phòng Văn hóa - Xã hội kiểm tra các cơ sở văn hóa.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn A";
        let gold = r#"{"kind":"cong_van","number":"12/UBND-VP","issuer":"ỦY BAN NHÂN DÂN PHƯỜNG A","place":"A","date":"2026-02-05","subject":"thực hiện","addressees":["Các phòng"],"references":[],"signature":{"authority":["KT. CHỦ TỊCH"],"title":"PHÓ CHỦ TỊCH","name":"Nguyễn Văn A"},"distribution":["Như trên","Lưu: VT"],"assignments":[{"lead":"Phòng Văn hóa - Xã hội","cooperating":[],"tasks":2,"deadlines":[{"date":"2026-06-30","text":"trước ngày 30/6/2026"}],"recurring":null}]}"#;
        let r = evaluate(&[("a.txt".into(), text.into(), gold.into())]);
        assert_eq!(r.files[0].misses, Vec::<String>::new(), "{}", r.render());
        assert_eq!(r.tasks_count.correct, 1);
    }

    #[test]
    fn bad_gold_is_reported_not_fatal() {
        let r = evaluate(&[("x".into(), "abc".into(), "{not json".into())]);
        assert_eq!(r.bad_gold.len(), 1);
    }
}
