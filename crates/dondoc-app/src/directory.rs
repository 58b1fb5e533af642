//! The organisation's directory: units, people, roles (administration).

use crate::{App, AppError, AppResult, hash_password};
use dondoc_domain::audit::NewEvent;
use dondoc_domain::policy::{Action, Actor};
use dondoc_domain::{NewPerson, NewUnit, Person, PersonId, Role, Unit, UnitId};
use std::sync::Arc;

impl App {
    pub async fn units(&self) -> AppResult<Vec<Unit>> {
        Ok(self.units_shared().await?.as_ref().clone())
    }

    /// The answer of a store write that may change sessions, people or units: the caches
    /// are emptied whatever it was (a failed write may still have reached the database).
    pub(crate) fn changed<T>(&self, r: dondoc_store::Result<T>) -> AppResult<T> {
        self.caches.forget();
        Ok(r?)
    }

    /// The unit list, from the cache while it is fresh (see [`crate::cache`]).
    pub(crate) async fn units_shared(&self) -> AppResult<Arc<Vec<Unit>>> {
        if let Some(u) = self.caches.units() {
            return Ok(u);
        }
        let generation = self.caches.generation();
        let units = Arc::new(self.store.units().await?);
        self.caches.put_units(generation, units.clone());
        Ok(units)
    }

    /// The unit list, read again from the store if any of `ids` is not in the cached
    /// one (a unit created by another process is never refused because of the cache).
    pub(crate) async fn units_with(&self, ids: &[UnitId]) -> AppResult<Arc<Vec<Unit>>> {
        let units = self.units_shared().await?;
        if ids.iter().all(|id| units.iter().any(|u| u.id == *id)) {
            return Ok(units);
        }
        self.caches.forget();
        self.units_shared().await
    }

    /// The units of the actor's organisation (its direct and indirect children).
    pub async fn org_units(&self, org: UnitId) -> AppResult<Vec<Unit>> {
        let all = self.units_shared().await?;
        Ok(all
            .iter()
            .filter(|u| u.id != org && dondoc_domain::unit::authority_of(u.id, &all) == Some(org))
            .cloned()
            .collect())
    }

    /// The units `org` may give work to: its own ([`Self::org_units`]) and the
    /// authorities below it (the city gives the ward; each passes the work on to its own
    /// units), as `assign` allows (`unit::assignable`).
    pub async fn assignable_units(&self, org: UnitId) -> AppResult<Vec<Unit>> {
        let all = self.units_shared().await?;
        Ok(all
            .iter()
            .filter(|u| u.id != org && dondoc_domain::unit::assignable(u.id, org, &all))
            .cloned()
            .collect())
    }

    pub async fn people(&self) -> AppResult<Vec<Person>> {
        Ok(self.store.people().await?)
    }

    /// Creates a unit. `None` actor: bootstrap (only the CLI's demo and seeding use it).
    pub async fn create_unit(&self, actor: Option<&Actor>, unit: NewUnit) -> AppResult<Unit> {
        if let Some(a) = actor {
            self.check(a, Action::ManageUsers, None)?;
        }
        // Two units of one name under one parent could not be told apart when
        // assigning, nor by the parser's directory.
        let name = dondoc_domain::text::fold(unit.name());
        if let Some(same) =
            self.units_shared().await?.iter().find(|u| {
                u.parent_id == unit.parent_id() && dondoc_domain::text::fold(&u.name) == name
            })
        {
            return Err(AppError::BadInput(format!(
                "đã có đơn vị \"{}\" (mã {}) cùng cấp trên",
                same.name, same.id
            )));
        }
        let ev = NewEvent::new(self.now(), actor.map(|a| a.person_id), "unit", 0, "create");
        self.changed(self.store.insert_unit(&unit, ev).await)
    }

    /// Sets (or, blank, clears) an authority's code on the national document axis, the
    /// OrganId of the edXML packages it sends. Administrators only; only an authority
    /// (a body with its own register) has one. `None` actor: the CLI's bootstrap, as
    /// for [`Self::create_unit`].
    pub async fn set_unit_organ_code(
        &self,
        actor: Option<&Actor>,
        unit: UnitId,
        code: &str,
    ) -> AppResult<Unit> {
        if let Some(a) = actor {
            self.check(a, Action::ManageUsers, None)?;
        }
        let code = dondoc_domain::unit::parse_organ_code(code)?;
        let u = self
            .store
            .unit(unit)
            .await?
            .ok_or(AppError::NotFound("đơn vị"))?;
        if code.is_some() && u.kind != dondoc_domain::UnitKind::Authority {
            return Err(AppError::BadInput(format!(
                "\"{}\" là đơn vị thuộc cơ quan: chỉ cơ quan có sổ văn bản riêng mới có mã định danh liên thông",
                u.name
            )));
        }
        let ev = NewEvent::new(
            self.now(),
            actor.map(|a| a.person_id),
            "unit",
            unit.get(),
            "set_organ_code",
        );
        self.changed(
            self.store
                .set_unit_organ_code(unit, code.as_deref(), ev)
                .await,
        )
    }

    pub async fn set_unit_aliases(
        &self,
        actor: &Actor,
        unit: UnitId,
        aliases: &[String],
    ) -> AppResult<Unit> {
        self.check(actor, Action::ManageUsers, None)?;
        let cleaned: Vec<String> = aliases
            .iter()
            .map(|a| dondoc_domain::text::clean(a))
            .filter(|a| !a.is_empty())
            .collect();
        let ev = NewEvent::new(
            self.now(),
            Some(actor.person_id),
            "unit",
            unit.get(),
            "set_aliases",
        );
        self.changed(self.store.set_unit_aliases(unit, &cleaned, ev).await)
    }

    /// Creates a person, with a password if they sign in.
    pub async fn create_person(
        &self,
        actor: Option<&Actor>,
        person: NewPerson,
        password: Option<&str>,
    ) -> AppResult<Person> {
        if let Some(a) = actor {
            self.check(a, Action::ManageUsers, None)?;
        }
        if self.store.unit(person.unit_id()).await?.is_none() {
            return Err(AppError::NotFound("đơn vị"));
        }
        let hash = match password {
            Some(p) if p.chars().count() < crate::auth::MIN_PASSWORD_CHARS => {
                return Err(AppError::BadInput(format!(
                    "mật khẩu phải có ít nhất {} ký tự",
                    crate::auth::MIN_PASSWORD_CHARS
                )));
            }
            Some(p) => Some(hash_password(p)?),
            None => None,
        };
        let ev = NewEvent::new(
            self.now(),
            actor.map(|a| a.person_id),
            "person",
            0,
            "create",
        );
        Ok(self
            .store
            .insert_person(&person, hash.as_deref(), ev)
            .await?)
    }

    pub async fn set_role(
        &self,
        actor: &Actor,
        person: PersonId,
        role: Role,
        unit: UnitId,
    ) -> AppResult<Person> {
        self.check(actor, Action::ManageUsers, None)?;
        if person == actor.person_id && role != Role::Admin {
            return Err(AppError::BadInput(
                "không thể tự bỏ quyền quản trị của chính mình".into(),
            ));
        }
        let ev = NewEvent::new(
            self.now(),
            Some(actor.person_id),
            "person",
            person.get(),
            "set_role",
        );
        self.changed(self.store.update_person_role(person, role, unit, ev).await)
    }
}
