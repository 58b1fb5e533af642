//! The organisation tree: Thành phố Hải Phòng → UBND phường Kiến An → its units.

use crate::{DomainError, UnitId, text};
use serde::{Deserialize, Serialize};

/// What a node of the tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// An issuing authority with its own register (UBND, a department of the city).
    Authority,
    /// A unit of an authority (Phòng, Trung tâm, Văn phòng).
    Unit,
}

impl UnitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Authority => "authority",
            UnitKind::Unit => "unit",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "authority" => Some(UnitKind::Authority),
            "unit" => Some(UnitKind::Unit),
            _ => None,
        }
    }
}

/// A stored organisation or unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub parent_id: Option<UnitId>,
    pub kind: UnitKind,
    /// Official name, as on its seal: "Phòng Kinh tế - Hạ tầng và Đô thị".
    pub name: String,
    /// Abbreviation used in notations and tables: "KT-HT-ĐT".
    pub abbreviation: String,
    /// Other ways documents write it: "Phòng Kinh tế, hạ tầng và Đô thị phường".
    pub aliases: Vec<String>,
    /// An authority's code on the national document axis (mã định danh,
    /// "000.00.31.H26"): the OrganId of the edXML packages it sends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organ_code: Option<String>,
}

/// Longest agency code accepted.
const ORGAN_CODE_CHARS: usize = 32;

/// An agency code as typed: blank is none; otherwise letters, digits and dots
/// ("000.00.31.H26", as the codes of Quyết định 20/2020/QĐ-TTg are written), in upper
/// case.
pub fn parse_organ_code(s: &str) -> Result<Option<String>, DomainError> {
    let code = s.trim().to_uppercase();
    if code.is_empty() {
        return Ok(None);
    }
    let ok = code.len() <= ORGAN_CODE_CHARS
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
        && !code.starts_with('.')
        && !code.ends_with('.')
        && !code.contains("..");
    if !ok {
        return Err(DomainError::invalid(
            "organ_code",
            format!(
                "mã định danh \"{}\" không hợp lệ: gồm chữ, số và dấu chấm, như 000.00.31.H26 (tối đa {ORGAN_CODE_CHARS} ký tự)",
                s.trim()
            ),
        ));
    }
    Ok(Some(code))
}

/// A unit to be created; built only through [`NewUnit::new`].
#[derive(Debug, Clone, PartialEq)]
pub struct NewUnit {
    parent_id: Option<UnitId>,
    kind: UnitKind,
    name: String,
    abbreviation: String,
    aliases: Vec<String>,
}

impl NewUnit {
    pub fn new(
        parent_id: Option<UnitId>,
        kind: UnitKind,
        name: &str,
        abbreviation: &str,
        aliases: &[&str],
    ) -> Result<Self, DomainError> {
        let name = text::required("name", name, 300)?;
        let abbreviation = text::required("abbreviation", abbreviation, 40)?;
        let mut cleaned: Vec<String> = Vec::new();
        for a in aliases {
            let a = text::clean(a);
            if !a.is_empty() && a != name && !cleaned.contains(&a) {
                cleaned.push(a);
            }
        }
        Ok(NewUnit {
            parent_id,
            kind,
            name,
            abbreviation,
            aliases: cleaned,
        })
    }
    pub fn parent_id(&self) -> Option<UnitId> {
        self.parent_id
    }
    pub fn kind(&self) -> UnitKind {
        self.kind
    }
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn abbreviation(&self) -> &str {
        &self.abbreviation
    }
    pub fn aliases(&self) -> &[String] {
        &self.aliases
    }
}

/// The authority a unit belongs to: itself if it is an authority, else the nearest
/// ancestor that is. `all` must contain the unit's ancestors.
pub fn authority_of(unit: UnitId, all: &[Unit]) -> Option<UnitId> {
    let mut cur = all.iter().find(|u| u.id == unit)?;
    for _ in 0..64 {
        if cur.kind == UnitKind::Authority {
            return Some(cur.id);
        }
        let parent = cur.parent_id?;
        cur = all.iter().find(|u| u.id == parent)?;
    }
    None
}

/// Whether `unit` is `org` or lies under it (its units, and the authorities below it
/// with theirs): the units an actor of `org` may give work to. `all` must contain
/// the unit's ancestors.
pub fn within(unit: UnitId, org: UnitId, all: &[Unit]) -> bool {
    let mut cur = all.iter().find(|u| u.id == unit);
    for _ in 0..64 {
        match cur {
            Some(u) if u.id == org => return true,
            Some(u) => cur = u.parent_id.and_then(|p| all.iter().find(|x| x.id == p)),
            None => return false,
        }
    }
    false
}

/// Whether an actor of authority `org` may give work to `unit`: a unit of its own (or
/// `org` itself), or an authority below it, which then gives the work to its own units
/// by a directive of its own. A department of a lower authority is not the upper
/// level's to task directly: its leaders would not see the work, nor assign it.
pub fn assignable(unit: UnitId, org: UnitId, all: &[Unit]) -> bool {
    if authority_of(unit, all) == Some(org) {
        return true;
    }
    all.iter()
        .find(|u| u.id == unit)
        .is_some_and(|u| u.kind == UnitKind::Authority && within(unit, org, all))
}

#[cfg(test)]
mod tests {

    #[test]
    fn organ_codes_are_checked() {
        assert_eq!(super::parse_organ_code("  ").unwrap(), None);
        assert_eq!(
            super::parse_organ_code(" 000.00.31.h26 ")
                .unwrap()
                .as_deref(),
            Some("000.00.31.H26")
        );
        for bad in ["000 00", ".H26", "H26.", "000..31", "mã", &"1".repeat(33)] {
            assert!(super::parse_organ_code(bad).is_err(), "{bad}");
        }
    }

    use super::*;

    #[test]
    fn new_unit_cleans_and_dedups_aliases() {
        let u = NewUnit::new(
            None,
            UnitKind::Unit,
            " Phòng  Văn hóa - Xã hội ",
            "VH-XH",
            &["Phòng Văn hóa - Xã hội", "Phòng VH-XH", "Phòng VH-XH"],
        )
        .unwrap();
        assert_eq!(u.name(), "Phòng Văn hóa - Xã hội");
        assert_eq!(u.aliases(), ["Phòng VH-XH".to_string()]);
    }

    #[test]
    fn empty_name_is_rejected() {
        assert!(NewUnit::new(None, UnitKind::Unit, "  ", "X", &[]).is_err());
    }
}
