//! Typed identifiers: a `TaskId` can never be passed where a `UnitId` is meant.

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(i64);

        impl $name {
            /// Wraps a raw database key. Only storage and request parsing create ids.
            pub const fn new(raw: i64) -> Self {
                Self(raw)
            }
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map(Self)
            }
        }
    };
}

id_type!(
    /// An organisation or one of its units (a node of the organisation tree).
    UnitId
);
id_type!(
    /// A person (official), who may also be a user of dondoc.
    PersonId
);
id_type!(
    /// A registered document, incoming or outgoing.
    DocumentId
);
id_type!(
    /// A task (nhiệm vụ).
    TaskId
);
id_type!(
    /// An audit event.
    EventId
);
id_type!(
    /// A progress report on a task.
    ReportId
);
id_type!(
    /// An extension request.
    ExtensionId
);
id_type!(
    /// An indicator (chỉ tiêu) attached to a task.
    IndicatorId
);
id_type!(
    /// A leader's direction.
    DirectionId
);
id_type!(
    /// A stored attachment.
    AttachmentId
);
