//! The trait impls and small methods every generated type has, written once as macros that
//! the generated code invokes with its names: a generated file stays the type definitions,
//! their docs and one line per impl. Not public API (`__private`): the generator and these
//! macros change together.

/// `new`, `into_inner`, `Display`, `FromStr`, `From` both ways, sqlx's
/// `Type`/`Encode`/`Decode`/`PgHasArrayType` and serde (transparent) for a typed id
/// `$id(pub $inner)`: what [`Id`](crate::Id) has, for the id given attributes of its own,
/// which is a struct of its own.
#[doc(hidden)]
#[macro_export]
macro_rules! __typed_id {
    ($id:ident, $inner:ty) => {
        impl $id {
            /// The id of this key value.
            #[must_use]
            pub const fn new(key: $inner) -> Self {
                Self(key)
            }

            /// The key value.
            #[must_use]
            pub fn into_inner(self) -> $inner {
                self.0
            }
        }

        impl ::core::fmt::Display for $id {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::core::str::FromStr for $id {
            type Err = <$inner as ::core::str::FromStr>::Err;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                <$inner as ::core::str::FromStr>::from_str(s).map(Self)
            }
        }

        impl ::core::convert::From<$inner> for $id {
            fn from(id: $inner) -> Self {
                Self(id)
            }
        }

        impl ::core::convert::From<$id> for $inner {
            fn from(id: $id) -> Self {
                id.0
            }
        }

        impl $crate::__private::sqlx::Type<$crate::__private::sqlx::Postgres> for $id {
            fn type_info() -> $crate::__private::sqlx::postgres::PgTypeInfo {
                <$inner as $crate::__private::sqlx::Type<$crate::__private::sqlx::Postgres>>::type_info()
            }
            fn compatible(ty: &$crate::__private::sqlx::postgres::PgTypeInfo) -> bool {
                <$inner as $crate::__private::sqlx::Type<$crate::__private::sqlx::Postgres>>::compatible(ty)
            }
        }

        impl $crate::__private::sqlx::postgres::PgHasArrayType for $id {
            fn array_type_info() -> $crate::__private::sqlx::postgres::PgTypeInfo {
                <$inner as $crate::__private::sqlx::postgres::PgHasArrayType>::array_type_info()
            }
            fn array_compatible(ty: &$crate::__private::sqlx::postgres::PgTypeInfo) -> bool {
                <$inner as $crate::__private::sqlx::postgres::PgHasArrayType>::array_compatible(ty)
            }
        }

        impl $crate::__private::sqlx::Encode<'_, $crate::__private::sqlx::Postgres> for $id {
            fn encode_by_ref(
                &self,
                buf: &mut $crate::__private::sqlx::postgres::PgArgumentBuffer,
            ) -> ::core::result::Result<
                $crate::__private::sqlx::encode::IsNull,
                $crate::__private::sqlx::error::BoxDynError,
            > {
                <$inner as $crate::__private::sqlx::Encode<'_, $crate::__private::sqlx::Postgres>>::encode_by_ref(&self.0, buf)
            }
            fn size_hint(&self) -> usize {
                <$inner as $crate::__private::sqlx::Encode<'_, $crate::__private::sqlx::Postgres>>::size_hint(&self.0)
            }
        }

        impl<'r> $crate::__private::sqlx::Decode<'r, $crate::__private::sqlx::Postgres> for $id {
            fn decode(
                value: $crate::__private::sqlx::postgres::PgValueRef<'r>,
            ) -> ::core::result::Result<Self, $crate::__private::sqlx::error::BoxDynError> {
                <$inner as $crate::__private::sqlx::Decode<'r, $crate::__private::sqlx::Postgres>>::decode(value).map(Self)
            }
        }

        impl $crate::__private::serde::Serialize for $id {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                $crate::__private::serde::Serialize::serialize(&self.0, serializer)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $id {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                <$inner as $crate::__private::serde::Deserialize<'de>>::deserialize(deserializer).map(Self)
            }
        }
    };
}

/// `ALL`, `as_str`, `Display`, `FromStr` and sqlx's traits for a Rust enum of a Postgres
/// enum named `$pg` (its SQL name, quoted as needed, is `$sql`).
#[doc(hidden)]
#[macro_export]
macro_rules! __pg_enum {
    ($name:ident, $pg:literal, $sql:literal, [$($variant:ident = $value:literal),* $(,)?]) => {
        impl $name {
            /// Every value, in the schema's order (which is also Postgres's sort order).
            pub const ALL: &[Self] = &[$(Self::$variant),*];

            /// The value's name in Postgres.
            #[must_use]
            pub const fn as_str(&self) -> &'static str {
                match *self {
                    $(Self::$variant => $value,)*
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::ParseEnumError;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                match s {
                    $($value => ::core::result::Result::Ok(Self::$variant),)*
                    _ => ::core::result::Result::Err($crate::ParseEnumError::new($pg, s)),
                }
            }
        }

        impl $crate::__private::sqlx::Type<$crate::__private::sqlx::Postgres> for $name {
            fn type_info() -> $crate::__private::sqlx::postgres::PgTypeInfo {
                $crate::__private::sqlx::postgres::PgTypeInfo::with_name($sql)
            }
        }

        impl $crate::__private::sqlx::postgres::PgHasArrayType for $name {
            fn array_type_info() -> $crate::__private::sqlx::postgres::PgTypeInfo {
                $crate::__private::sqlx::postgres::PgTypeInfo::array_of($sql)
            }
        }

        impl $crate::__private::sqlx::Encode<'_, $crate::__private::sqlx::Postgres> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut $crate::__private::sqlx::postgres::PgArgumentBuffer,
            ) -> ::core::result::Result<
                $crate::__private::sqlx::encode::IsNull,
                $crate::__private::sqlx::error::BoxDynError,
            > {
                <&str as $crate::__private::sqlx::Encode<'_, $crate::__private::sqlx::Postgres>>::encode(self.as_str(), buf)
            }
            fn size_hint(&self) -> usize {
                self.as_str().len()
            }
        }

        impl<'r> $crate::__private::sqlx::Decode<'r, $crate::__private::sqlx::Postgres> for $name {
            fn decode(
                value: $crate::__private::sqlx::postgres::PgValueRef<'r>,
            ) -> ::core::result::Result<Self, $crate::__private::sqlx::error::BoxDynError> {
                let s = <&'r str as $crate::__private::sqlx::Decode<'r, $crate::__private::sqlx::Postgres>>::decode(value)?;
                <Self as ::core::str::FromStr>::from_str(s).map_err(::core::convert::Into::into)
            }
        }
    };
}

/// serde for a generated enum: its Postgres value names, through `as_str` and `FromStr`.
#[doc(hidden)]
#[macro_export]
macro_rules! __enum_serde {
    ($name:ident) => {
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                $crate::__private::deserialize_enum(deserializer)
            }
        }
    };
}

/// `schemaforge::Table` for a row type, `schemaforge::Keyed` (with `=> KeyType`), sqlx's
/// `FromRow` (unless `table_only`), and (with `serde`) its serde by [`__row_serde`]: each
/// field read from the column `$column`. `$kind` says how serde treats the field.
#[doc(hidden)]
#[macro_export]
macro_rules! __row {
    (serde $row:ident $table:literal { $($kind:ident $field:ident $column:literal),* $(,)? } key [$($key:literal),*] $(=> $keyed:ty)?) => {
        $crate::__row!($row $table { $($kind $field $column),* } key [$($key),*] $(=> $keyed)?);
        $crate::__row_serde!($row { $($kind $field $column),* });
    };
    ($row:ident $table:literal { $($kind:ident $field:ident $column:literal),* $(,)? } key [$($key:literal),*] $(=> $keyed:ty)?) => {
        $crate::__row!(table_only $row $table { $($kind $field $column),* } key [$($key),*] $(=> $keyed)?);

        impl<'r> $crate::__private::sqlx::FromRow<'r, $crate::__private::sqlx::postgres::PgRow> for $row {
            fn from_row(
                row: &'r $crate::__private::sqlx::postgres::PgRow,
            ) -> ::core::result::Result<Self, $crate::__private::sqlx::Error> {
                ::core::result::Result::Ok(Self {
                    $($field: $crate::__private::sqlx::Row::try_get(row, $column)?,)*
                })
            }
        }
    };
    (table_only $row:ident $table:literal { $($kind:ident $field:ident $column:literal),* $(,)? } key [$($key:literal),*] $(=> $keyed:ty)?) => {
        impl $crate::Table for $row {
            const NAME: &'static str = $table;
            const COLUMNS: &'static [&'static str] = &[$($column),*];
            const PRIMARY_KEY: &'static [&'static str] = &[$($key),*];
        }
        $(impl $crate::Keyed for $row {
            type Key = $keyed;
        })?
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __column {
    ($field:ident = $column:literal) => {
        $column
    };
    ($field:ident) => {
        ::core::stringify!($field)
    };
}

/// `Debug` that prints `<redacted>` for the fields marked `redacted` (sensitive columns).
#[doc(hidden)]
#[macro_export]
macro_rules! __redacted_debug {
    ($name:ident { $($kind:ident $field:ident $(= $label:literal)?),* $(,)? }) => {
        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(::core::stringify!($name))
                    $(.field(
                        $crate::__column!($field $(= $label)?),
                        $crate::__debug_field!($kind self.$field),
                    ))*
                    .finish()
            }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __debug_field {
    (shown $value:expr) => {
        &$value
    };
    (redacted $value:expr) => {
        &$crate::__private::Redacted
    };
}

/// The `with_…` setters of an insert or patch type. A field holds `Option<T>` and its setter
/// takes `T` (a value for it) or `Option<T>` (where `None` means something of its own, NULL
/// or "keep"): either goes in by `Into`. For an insert, also `new` with the required fields;
/// for a patch, `is_empty`.
#[doc(hidden)]
#[macro_export]
macro_rules! __setters {
    (patch $name:ident { $($setter:ident $field:ident: $ty:ty),* $(,)? }) => {
        impl $name {
            /// Whether the patch changes nothing.
            #[must_use]
            pub const fn is_empty(&self) -> bool {
                true $(&& self.$field.is_none())*
            }
            $(
                /// Sets the field of the same name.
                #[must_use]
                pub fn $setter(mut self, $field: $ty) -> Self {
                    self.$field = ::core::convert::Into::into($field);
                    self
                }
            )*
        }
    };
    (insert $name:ident {
        new($($required:ident: $required_ty:ty),* $(,)?);
        $($setter:ident $field:ident: $ty:ty),* $(,)?
    }) => {
        impl $name {
            /// A new row with the columns Postgres cannot fill in; the others are left to the
            /// database.
            #[must_use]
            #[allow(clippy::too_many_arguments)]
            pub fn new($($required: $required_ty),*) -> Self {
                Self {
                    $($required,)*
                    $($field: ::core::option::Option::None,)*
                }
            }
            $(
                /// Sets the field of the same name.
                #[must_use]
                pub fn $setter(mut self, $field: $ty) -> Self {
                    self.$field = ::core::convert::Into::into($field);
                    self
                }
            )*
        }
    };
}

/// The helpers of a table that belongs to no tenant, as associated functions of its row
/// type (`keyed`: with `get`, `update` and `delete` by its typed id).
#[doc(hidden)]
#[macro_export]
macro_rules! __shared_table {
    ($row:ident $(, $keyed:ident)?) => {
        const _: () = $crate::__private::only_shared(<$row as $crate::Record>::TENANCY);
        $crate::__inserts!($row);
        $($crate::__keyed!($keyed $row);)?
        impl $row {
            /// Lists a page of the rows, in primary key order (without a primary key, in
            /// the order of every sortable column).
            pub fn list<'e, E>(
                executor: E,
                page: $crate::Page,
            ) -> impl ::core::future::Future<Output = ::core::result::Result<::std::vec::Vec<Self>, $crate::Error>>
            where
                E: $crate::__private::sqlx::PgExecutor<'e>,
            {
                $crate::__private::rows::list(executor, $crate::__private::Filter::All, &[], (), page)
            }

            /// Counts the rows.
            pub fn count<'e, E>(executor: E) -> impl ::core::future::Future<Output = ::core::result::Result<i64, $crate::Error>>
            where
                E: $crate::__private::sqlx::PgExecutor<'e>,
            {
                $crate::__private::rows::count::<Self, E>(executor, $crate::__private::Filter::All)
            }
        }
    };
}

/// A tenant's table has no helpers of its own, only through a scope. Its row type gets
/// associated functions with the helpers' names that no call can satisfy
/// ([`ThroughAScope`](crate::__private::ThroughAScope) has no implementation), so that
/// `Task::get(&pool, &id)` fails to compile with a message that says where the helpers are,
/// rather than with "no function named `get`". They are hidden from the docs, and never run.
/// The key's parameters are a composite key's columns, or `key`; none without a primary key.
#[doc(hidden)]
#[macro_export]
macro_rules! __tenant_table {
    ($row:ident($($key:ident),+)) => {
        $crate::__tenant_table!($row());
        #[doc(hidden)]
        #[allow(unused_variables)]
        impl $row {
            pub fn get<E: $crate::__private::ThroughAScope<Self>>(
                executor: E, $($key: impl ::core::marker::Sized),+
            ) -> ::core::future::Pending<::core::result::Result<::core::option::Option<Self>, $crate::Error>> {
                ::core::future::pending()
            }
            pub fn update<E: $crate::__private::ThroughAScope<Self>>(
                executor: E, $($key: impl ::core::marker::Sized,)+ patch: &<Self as $crate::Record>::Patch,
            ) -> ::core::future::Pending<::core::result::Result<::core::option::Option<Self>, $crate::Error>> {
                ::core::future::pending()
            }
            pub fn delete<E: $crate::__private::ThroughAScope<Self>>(
                executor: E, $($key: impl ::core::marker::Sized),+
            ) -> ::core::future::Pending<::core::result::Result<::core::option::Option<Self>, $crate::Error>> {
                ::core::future::pending()
            }
        }
    };
    ($row:ident()) => {
        #[doc(hidden)]
        #[allow(unused_variables)]
        impl $row {
            pub fn list<E: $crate::__private::ThroughAScope<Self>>(
                executor: E, page: $crate::Page,
            ) -> ::core::future::Pending<::core::result::Result<::std::vec::Vec<Self>, $crate::Error>> {
                ::core::future::pending()
            }
            pub fn count<E: $crate::__private::ThroughAScope<Self>>(
                executor: E,
            ) -> ::core::future::Pending<::core::result::Result<i64, $crate::Error>> {
                ::core::future::pending()
            }
            pub fn insert<E: $crate::__private::ThroughAScope<Self>>(
                executor: E, new: &<Self as $crate::Record>::Insert,
            ) -> ::core::future::Pending<::core::result::Result<Self, $crate::Error>> {
                ::core::future::pending()
            }
            pub fn insert_many<E: $crate::__private::ThroughAScope<Self>>(
                conn: E, rows: &[<Self as $crate::Record>::Insert],
            ) -> ::core::future::Pending<::core::result::Result<::std::vec::Vec<Self>, $crate::Error>> {
                ::core::future::pending()
            }
        }
    };
}

/// `insert` and `insert_many` as associated functions: a shared table's, and the tenant
/// root's (which creates tenants).
#[doc(hidden)]
#[macro_export]
macro_rules! __inserts {
    ($row:ident) => {
        const _: () = $crate::__private::only_inserts(<$row as $crate::Record>::TENANCY);
        impl $row {
            /// Inserts a row, and returns it as stored. Fields left `None` take the column's
            /// default.
            pub fn insert<'e, E>(
                executor: E,
                new: &<Self as $crate::Record>::Insert,
            ) -> impl ::core::future::Future<Output = ::core::result::Result<Self, $crate::Error>>
            where
                E: $crate::__private::sqlx::PgExecutor<'e>,
            {
                $crate::__private::rows::insert(executor, ::core::option::Option::None, new)
            }

            /// Inserts rows in one statement, and returns them as stored. Nothing is inserted
            /// if one row fails; Postgres takes at most 65,535 values in a statement.
            pub fn insert_many<'c, A>(
                conn: A,
                rows: &[<Self as $crate::Record>::Insert],
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<::std::vec::Vec<Self>, $crate::Error>,
            >
            where
                A: $crate::__private::sqlx::Acquire<
                        'c,
                        Database = $crate::__private::sqlx::Postgres,
                    >,
            {
                $crate::__private::rows::insert_many(conn, ::core::option::Option::None, rows)
            }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __keyed {
    (keyed $row:ident) => {
        const _: () = $crate::__private::only_shared(<$row as $crate::Record>::TENANCY);
        impl $row {
            /// Reads the row with this primary key; `None` when there is none.
            pub fn get<'e, E>(
                executor: E,
                key: &<Self as $crate::Keyed>::Key,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<::core::option::Option<Self>, $crate::Error>,
            >
            where
                E: $crate::__private::sqlx::PgExecutor<'e>,
            {
                let columns = <Self as $crate::Record>::SQL.key;
                $crate::__private::rows::get(
                    executor,
                    $crate::__private::Filter::All,
                    columns,
                    (key,),
                )
            }

            /// Updates the row with this primary key with the fields the patch sets, and
            /// returns it; `None` when there is none. Columns declared `on_update(…)` that the
            /// patch leaves alone are written with their expression; an empty patch changes
            /// nothing and returns the row as it is.
            pub fn update<'e, E>(
                executor: E,
                key: &<Self as $crate::Keyed>::Key,
                patch: &<Self as $crate::Record>::Patch,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<::core::option::Option<Self>, $crate::Error>,
            >
            where
                E: $crate::__private::sqlx::PgExecutor<'e>,
            {
                let columns = <Self as $crate::Record>::SQL.key;
                $crate::__private::rows::update(
                    executor,
                    $crate::__private::Filter::All,
                    columns,
                    (key,),
                    patch,
                )
            }

            /// Deletes the row with this primary key, and returns it; `None` when there is none.
            pub fn delete<'e, E>(
                executor: E,
                key: &<Self as $crate::Keyed>::Key,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<::core::option::Option<Self>, $crate::Error>,
            >
            where
                E: $crate::__private::sqlx::PgExecutor<'e>,
            {
                let columns = <Self as $crate::Record>::SQL.key;
                $crate::__private::rows::delete(
                    executor,
                    $crate::__private::Filter::All,
                    columns,
                    (key,),
                )
            }
        }
    };
}

/// `Deref` of a table's handle newtype to the runtime's generic handle, whose methods are
/// its helpers.
#[doc(hidden)]
#[macro_export]
macro_rules! __handle {
    ($handle:ident<$s:lifetime> => $target:ty) => {
        impl<$s> ::core::ops::Deref for $handle<$s> {
            type Target = $target;
            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }
    };
    ($handle:ident => $target:ty) => {
        impl ::core::ops::Deref for $handle {
            type Target = $target;
            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }
    };
}

/// A table's own helpers, each a call of its runtime handle (`self.0`) or, for a shared table
/// (`shared`), of the runtime's statements on every row: a `get_by_…` per unique key, a
/// `list_by_…` per foreign key, and `get`/`update`/`delete` by a primary key the runtime
/// cannot take as one typed id.
#[doc(hidden)]
#[macro_export]
macro_rules! __lookups {
    ($owner:ty => $row:ty { $($kind:ident $name:ident($($param:ident: $ty:ty),*) [$($column:literal),*];)* }) => {
        impl $owner {
            $($crate::__lookup!(handle $kind $row, $name($($param: $ty),*) [$($column),*]);)*
        }
    };
    (shared $owner:ty { $($kind:ident $name:ident($($param:ident: $ty:ty),*) [$($column:literal),*];)* }) => {
        const _: () = $crate::__private::only_shared(<$owner as $crate::Record>::TENANCY);
        impl $owner {
            $($crate::__lookup!(shared $kind Self, $name($($param: $ty),*) [$($column),*]);)*
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __lookup {
    (handle get $row:ty, $name:ident($($param:ident: $ty:ty),*) [$($column:literal),*]) => {
        #[doc = ::core::concat!("Reads the row with these values of ", $("`", $column, "` ",)* "(a unique key, or the primary key): `None` when there is none, or when the handle cannot reach it.")]
        #[allow(clippy::too_many_arguments)]
        pub fn $name<'e>(
            self,
            executor: impl $crate::PgExecutor<'e>,
            $($param: $ty),*
        ) -> impl ::core::future::Future<Output = $crate::Result<::core::option::Option<$row>>> {
            self.0.get_by(executor, &[$($column),*], ($($param,)*))
        }
    };
    (handle list $row:ty, $name:ident($($param:ident: $ty:ty),*) [$($column:literal),*]) => {
        #[doc = ::core::concat!("Lists a page of the rows with these values of ", $("`", $column, "` ",)* "(a foreign key), in the table's order.")]
        #[allow(clippy::too_many_arguments)]
        pub fn $name<'e>(
            self,
            executor: impl $crate::PgExecutor<'e>,
            $($param: $ty,)*
            page: $crate::Page,
        ) -> impl ::core::future::Future<Output = $crate::Result<::std::vec::Vec<$row>>> {
            self.0.list_by(executor, &[$($column),*], ($($param,)*), page)
        }
    };
    (handle update $row:ty, $name:ident($($param:ident: $ty:ty),*) [$($column:literal),*]) => {
        #[doc = "Updates the row with this primary key with the fields the patch sets, and returns it: `None` when there is none, or when the handle cannot reach it."]
        #[allow(clippy::too_many_arguments)]
        pub fn $name<'e>(
            self,
            executor: impl $crate::PgExecutor<'e>,
            $($param: $ty,)*
            patch: &<$row as $crate::Record>::Patch,
        ) -> impl ::core::future::Future<Output = $crate::Result<::core::option::Option<$row>>> {
            self.0.update_by(executor, &[$($column),*], ($($param,)*), patch)
        }
    };
    (handle delete $row:ty, $name:ident($($param:ident: $ty:ty),*) [$($column:literal),*]) => {
        #[doc = "Deletes the row with this primary key, and returns it: `None` when there is none, or when the handle cannot reach it."]
        #[allow(clippy::too_many_arguments)]
        pub fn $name<'e>(
            self,
            executor: impl $crate::PgExecutor<'e>,
            $($param: $ty),*
        ) -> impl ::core::future::Future<Output = $crate::Result<::core::option::Option<$row>>> {
            self.0.delete_by(executor, &[$($column),*], ($($param,)*))
        }
    };
    (shared get $row:ty, $name:ident($($param:ident: $ty:ty),*) [$($column:literal),*]) => {
        #[doc = ::core::concat!("Reads the row with these values of ", $("`", $column, "` ",)* "(a unique key, or the primary key): `None` when there is none.")]
        #[allow(clippy::too_many_arguments)]
        pub fn $name<'e>(
            executor: impl $crate::PgExecutor<'e>,
            $($param: $ty),*
        ) -> impl ::core::future::Future<Output = $crate::Result<::core::option::Option<Self>>> {
            $crate::__private::rows::get(executor, $crate::__private::Filter::All, &[$($column),*], ($($param,)*))
        }
    };
    (shared list $row:ty, $name:ident($($param:ident: $ty:ty),*) [$($column:literal),*]) => {
        #[doc = ::core::concat!("Lists a page of the rows with these values of ", $("`", $column, "` ",)* "(a foreign key), in the table's order.")]
        #[allow(clippy::too_many_arguments)]
        pub fn $name<'e>(
            executor: impl $crate::PgExecutor<'e>,
            $($param: $ty,)*
            page: $crate::Page,
        ) -> impl ::core::future::Future<Output = $crate::Result<::std::vec::Vec<Self>>> {
            $crate::__private::rows::list(executor, $crate::__private::Filter::All, &[$($column),*], ($($param,)*), page)
        }
    };
    (shared update $row:ty, $name:ident($($param:ident: $ty:ty),*) [$($column:literal),*]) => {
        #[doc = "Updates the row with this primary key with the fields the patch sets, and returns it: `None` when there is none."]
        #[allow(clippy::too_many_arguments)]
        pub fn $name<'e>(
            executor: impl $crate::PgExecutor<'e>,
            $($param: $ty,)*
            patch: &<Self as $crate::Record>::Patch,
        ) -> impl ::core::future::Future<Output = $crate::Result<::core::option::Option<Self>>> {
            $crate::__private::rows::update(executor, $crate::__private::Filter::All, &[$($column),*], ($($param,)*), patch)
        }
    };
    (shared delete $row:ty, $name:ident($($param:ident: $ty:ty),*) [$($column:literal),*]) => {
        #[doc = "Deletes the row with this primary key, and returns it: `None` when there is none."]
        #[allow(clippy::too_many_arguments)]
        pub fn $name<'e>(
            executor: impl $crate::PgExecutor<'e>,
            $($param: $ty),*
        ) -> impl ::core::future::Future<Output = $crate::Result<::core::option::Option<Self>>> {
            $crate::__private::rows::delete(executor, $crate::__private::Filter::All, &[$($column),*], ($($param,)*))
        }
    };
}

/// serde for a row type: a struct of its columns by their names. `opt` fields (nullable
/// columns) may be missing; `secret` fields (`sensitive` columns) are not serialized, and
/// are still read. What each kind does is a function of [`row_field`](crate::__private::row_field),
/// so that a row's impls stay a line per field.
#[doc(hidden)]
#[macro_export]
macro_rules! __row_serde {
    ($row:ident { $($kind:ident $field:ident $name:literal),* $(,)? }) => {
        impl $crate::__private::serde::Serialize for $row {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                use $crate::__private::row_field as f;
                let mut row = serializer
                    .serialize_struct(::core::stringify!($row), 0 $(+ f::$kind::COUNTED)*)?;
                $(f::$kind::ser(&mut row, $name, &self.$field)?;)*
                $crate::__private::serde::ser::SerializeStruct::end(row)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $row {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                struct Fields;
                impl<'de> $crate::__private::serde::de::Visitor<'de> for Fields {
                    type Value = $row;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(::core::concat!("a row of `", ::core::stringify!($row), "`"))
                    }
                    fn visit_map<A>(self, mut map: A) -> ::core::result::Result<$row, A::Error>
                    where
                        A: $crate::__private::serde::de::MapAccess<'de>,
                    {
                        use $crate::__private::row_field as f;
                        $(let mut $field = ::core::option::Option::None;)*
                        while let ::core::option::Option::Some(key) = f::key(&mut map)? {
                            match key.as_str() {
                                $($name => f::slot(&mut map, &mut $field, $name)?,)*
                                _ => f::skip(&mut map)?,
                            }
                        }
                        ::core::result::Result::Ok($row { $($field: f::$kind::take($field, $name)?,)* })
                    }
                }
                deserializer.deserialize_struct(::core::stringify!($row), &[$($name),*], Fields)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    /// A row with a nullable column and a sensitive one.
    #[derive(Debug, PartialEq)]
    struct Key {
        id: i64,
        label: Option<String>,
        r#type: String,
        hash: String,
    }

    crate::__row_serde!(Key { req id "id", opt label "label", req r#type "type", secret hash "hash" });

    #[test]
    fn rows_serialize_by_column_without_secrets() {
        let key = Key {
            id: 1,
            label: None,
            r#type: "api".into(),
            hash: "s3cr3t".into(),
        };
        let json = serde_json::to_string(&key).expect("serializes");
        assert_eq!(json, r#"{"id":1,"label":null,"type":"api"}"#);
    }

    #[test]
    fn rows_deserialize_with_missing_nullables_and_unknown_fields() {
        let key: Key =
            serde_json::from_str(r#"{"hash":"h","type":"t","id":2,"extra":[1]}"#).expect("reads");
        assert_eq!(
            key,
            Key {
                id: 2,
                label: None,
                r#type: "t".into(),
                hash: "h".into()
            }
        );
        let missing = serde_json::from_str::<Key>(r#"{"id":2,"type":"t"}"#).unwrap_err();
        assert!(
            missing.to_string().contains("missing field `hash`"),
            "{missing}"
        );
        let twice = serde_json::from_str::<Key>(r#"{"id":2,"id":3}"#).unwrap_err();
        assert!(
            twice.to_string().contains("duplicate field `id`"),
            "{twice}"
        );
    }
}
