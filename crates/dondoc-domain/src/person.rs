//! People (officials) with their position in the unit and their role in dondoc.

use crate::{DomainError, PersonId, UnitId, text};
use serde::{Deserialize, Serialize};

/// Position (chức vụ) held in the unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    ChuTich,
    PhoChuTich,
    ChanhVanPhong,
    PhoChanhVanPhong,
    TruongPhong,
    PhoTruongPhong,
    GiamDoc,
    PhoGiamDoc,
    ChuyenVien,
    VanThu,
}

impl Position {
    pub const ALL: [Position; 10] = [
        Position::ChuTich,
        Position::PhoChuTich,
        Position::ChanhVanPhong,
        Position::PhoChanhVanPhong,
        Position::TruongPhong,
        Position::PhoTruongPhong,
        Position::GiamDoc,
        Position::PhoGiamDoc,
        Position::ChuyenVien,
        Position::VanThu,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Position::ChuTich => "chu_tich",
            Position::PhoChuTich => "pho_chu_tich",
            Position::ChanhVanPhong => "chanh_van_phong",
            Position::PhoChanhVanPhong => "pho_chanh_van_phong",
            Position::TruongPhong => "truong_phong",
            Position::PhoTruongPhong => "pho_truong_phong",
            Position::GiamDoc => "giam_doc",
            Position::PhoGiamDoc => "pho_giam_doc",
            Position::ChuyenVien => "chuyen_vien",
            Position::VanThu => "van_thu",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }
    /// The title as printed in Vietnamese.
    pub fn label(self) -> &'static str {
        match self {
            Position::ChuTich => "Chủ tịch",
            Position::PhoChuTich => "Phó Chủ tịch",
            Position::ChanhVanPhong => "Chánh Văn phòng",
            Position::PhoChanhVanPhong => "Phó Chánh Văn phòng",
            Position::TruongPhong => "Trưởng phòng",
            Position::PhoTruongPhong => "Phó Trưởng phòng",
            Position::GiamDoc => "Giám đốc",
            Position::PhoGiamDoc => "Phó Giám đốc",
            Position::ChuyenVien => "Chuyên viên",
            Position::VanThu => "Văn thư",
        }
    }
}

/// What a person may do in dondoc (see [`crate::policy`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages users, units and roles.
    Admin,
    /// Chair and vice chairs: see everything, give direction.
    Leader,
    /// The Office (Văn phòng): registers documents, assigns, monitors and urges.
    Office,
    /// Head of a unit: acts on the unit's tasks, hands them to staff.
    UnitHead,
    /// Staff of a unit: acts on the tasks handed to the unit.
    UnitStaff,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Leader,
        Role::Office,
        Role::UnitHead,
        Role::UnitStaff,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Leader => "leader",
            Role::Office => "office",
            Role::UnitHead => "unit_head",
            Role::UnitStaff => "unit_staff",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Quản trị hệ thống",
            Role::Leader => "Lãnh đạo",
            Role::Office => "Văn phòng",
            Role::UnitHead => "Lãnh đạo đơn vị",
            Role::UnitStaff => "Chuyên viên đơn vị",
        }
    }
}

/// A stored person. The password hash never leaves storage and the auth use case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub unit_id: UnitId,
    pub full_name: String,
    pub position: Position,
    pub role: Role,
    pub username: Option<String>,
    pub email: Option<String>,
}

/// A person to be created.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPerson {
    unit_id: UnitId,
    full_name: String,
    position: Position,
    role: Role,
    username: Option<String>,
    email: Option<String>,
}

impl NewPerson {
    pub fn new(
        unit_id: UnitId,
        full_name: &str,
        position: Position,
        role: Role,
        username: Option<&str>,
        email: Option<&str>,
    ) -> Result<Self, DomainError> {
        let full_name = text::required("full_name", full_name, 120)?;
        let username = match username.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(u) => {
                let ok = u.len() <= 64
                    && u.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
                if !ok {
                    return Err(DomainError::invalid(
                        "username",
                        "tên đăng nhập chỉ gồm chữ cái không dấu, chữ số và . _ - (tối đa 64 ký tự)",
                    ));
                }
                Some(u.to_ascii_lowercase())
            }
        };
        let email = match email.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(e) => {
                let valid = e.len() <= 254
                    && e.split_once('@').is_some_and(|(l, d)| {
                        !l.is_empty() && d.contains('.') && !d.starts_with('.')
                    })
                    && !e.contains(char::is_whitespace);
                if !valid {
                    return Err(DomainError::invalid(
                        "email",
                        "địa chỉ thư điện tử không hợp lệ",
                    ));
                }
                Some(e.to_string())
            }
        };
        Ok(NewPerson {
            unit_id,
            full_name,
            position,
            role,
            username,
            email,
        })
    }
    pub fn unit_id(&self) -> UnitId {
        self.unit_id
    }
    pub fn full_name(&self) -> &str {
        &self.full_name
    }
    pub fn position(&self) -> Position {
        self.position
    }
    pub fn role(&self) -> Role {
        self.role
    }
    pub fn username(&self) -> Option<&str> {
        self.username.as_deref()
    }
    pub fn email(&self) -> Option<&str> {
        self.email.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn username_rules() {
        let u = UnitId::new(1);
        assert!(
            NewPerson::new(
                u,
                "A",
                Position::ChuyenVien,
                Role::UnitStaff,
                Some("Lan.nt"),
                None
            )
            .is_ok()
        );
        assert!(
            NewPerson::new(
                u,
                "A",
                Position::ChuyenVien,
                Role::UnitStaff,
                Some("lan nt"),
                None
            )
            .is_err()
        );
        assert!(
            NewPerson::new(
                u,
                "A",
                Position::ChuyenVien,
                Role::UnitStaff,
                None,
                Some("x@")
            )
            .is_err()
        );
    }
}
