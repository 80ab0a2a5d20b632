//! Sample JSON for every construct fixture reads into the generated types and writes back
//! unchanged; values the schemas forbid are rejected.

use fixture_models::{enums, formats, nullable_3_0, nullable_3_1, objects, open_enums, unions};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};

/// Reads `value` as `T`, writes it again and requires the same JSON.
fn round_trip<T: DeserializeOwned + Serialize>(value: Value) -> T {
    let typed: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{value} does not read: {e}"));
    let back = serde_json::to_value(&typed).expect("writes");
    assert_eq!(back, value, "changed in a round trip");
    typed
}

fn rejects<T: DeserializeOwned + std::fmt::Debug>(value: Value) {
    let result: Result<T, _> = serde_json::from_value(value.clone());
    assert!(
        result.is_err(),
        "{value} should be rejected, read as {result:?}"
    );
}

#[test]
fn discriminated_union_with_mapping_keeps_the_tag_in_the_struct() {
    let pet: unions::models::Pet = round_trip(json!({"petType": "dog", "bark": true}));
    assert!(matches!(&pet, unions::models::Pet::Dog(d) if d.bark));
    // A second mapping value selects the same variant.
    let pet: unions::models::Pet = round_trip(json!({"petType": "doggo", "bark": false}));
    assert!(matches!(pet, unions::models::Pet::Dog(_)));
    let pet: unions::models::Pet = round_trip(json!({"petType": "cat", "lives": 9}));
    assert!(matches!(pet, unions::models::Pet::Cat(c) if c.lives == 9));
    // The tag decides, not the shape: a dog's fields under the cat tag do not read.
    rejects::<unions::models::Pet>(json!({"petType": "cat", "bark": true}));
    rejects::<unions::models::Pet>(json!({"petType": "fish"}));
    rejects::<unions::models::Pet>(json!({"bark": true}));
}

#[test]
fn the_tag_is_written_from_the_variant() {
    use unions::models::{Cat, CatPetType, Dog, DogPetType, Pet, PetByName};
    // The tag of a variant struct is not a free string: it holds the values that select
    // that struct (its mapping keys in `Pet`, its schema name in `PetByName`), and `new`
    // sets it, so a cat built on its own says it is a cat.
    let cat = Cat::new(9);
    assert_eq!(cat.pet_type, CatPetType::Cat);
    assert_eq!(
        serde_json::to_value(&cat).expect("serializes"),
        json!({"petType": "cat", "lives": 9})
    );
    assert_eq!(
        serde_json::to_value(Pet::Cat(cat.clone())).expect("serializes"),
        json!({"petType": "cat", "lives": 9})
    );
    // In a union that names the kind otherwise, the union's own value is written.
    assert_eq!(
        serde_json::to_value(PetByName::Cat(cat.clone())).expect("serializes"),
        json!({"petType": "Cat", "lives": 9})
    );
    // A `Cat` cannot say it is a dog: not built (no such value), not read.
    rejects::<Cat>(json!({"petType": "dog", "lives": 9}));
    rejects::<Cat>(json!({"petType": "lion", "lives": 9}));
    // Each accepted value reads, and a mapping alias is written back as read.
    let dog: Dog = round_trip(json!({"petType": "doggo", "bark": true}));
    assert_eq!(dog.pet_type, DogPetType::Doggo);
    assert_eq!(
        serde_json::to_value(Pet::Dog(dog)).expect("serializes"),
        json!({"petType": "doggo", "bark": true})
    );
}

#[test]
fn discriminated_union_without_mapping_uses_schema_names() {
    let pet: unions::models::PetByName = round_trip(json!({"petType": "Cat", "lives": 3}));
    assert!(matches!(pet, unions::models::PetByName::Cat(_)));
    // A value `PetByName` does not list but `Cat` accepts (its tag in `Pet`) reads as a
    // cat and is written with the value this union gives cats.
    let pet: unions::models::PetByName =
        serde_json::from_value(json!({"petType": "cat", "lives": 3})).expect("reads");
    assert!(matches!(pet, unions::models::PetByName::Cat(_)));
    assert_eq!(
        serde_json::to_value(&pet).expect("serializes"),
        json!({"petType": "Cat", "lives": 3})
    );
    // A known tag always selects its own variant, whatever other variants would accept.
    rejects::<unions::models::PetByName>(json!({"petType": "Dog", "lives": 3}));
}

#[test]
fn a_parent_with_a_discriminator_reads_its_children_through_all_of() {
    use unions::models::{Animal, AnimalBase, Bike, Car, Lion, Vehicle, Zebra, Zoo};
    // Implicit mapping by schema name: a `Lion` stays a `Lion`, its own fields kept.
    let lion: Animal = round_trip(json!({"kind": "Lion", "name": "Leo", "mane": true}));
    assert_eq!(
        lion,
        Animal::Lion(Lion {
            name: Some("Leo".into()),
            ..Lion::new(true)
        })
    );
    let zebra: Animal = round_trip(json!({"kind": "Zebra", "stripes": 40}));
    assert!(matches!(
        zebra,
        Animal::Zebra(Zebra {
            stripes: Some(40),
            ..
        })
    ));
    // The parent's own name selects the parent's struct; so does a kind added later.
    assert!(matches!(
        round_trip::<Animal>(json!({"kind": "Animal", "name": "x"})),
        Animal::Animal(AnimalBase { .. })
    ));
    assert!(matches!(
        round_trip::<Animal>(json!({"kind": "Okapi"})),
        Animal::Animal(_)
    ));
    // A child's tag holds only its own kind: an unknown kind is the parent's (these types
    // are only read strictly here, no response carries them; see the wire-shapes spec for
    // the lenient reading of a response).
    assert!(matches!(
        serde_json::from_value::<Animal>(json!({"kind": "BigCat", "mane": true})),
        Ok(Animal::Animal(_))
    ));
    rejects::<Lion>(json!({"kind": "BigCat", "mane": true}));
    rejects::<Lion>(json!({"kind": "Zebra", "mane": true}));
    // Built on its own, a child writes its kind; the parent's struct keeps any kind.
    assert_eq!(
        serde_json::to_value(Zebra::default()).expect("serializes"),
        json!({"kind": "Zebra"})
    );
    assert_eq!(
        serde_json::to_value(Car::default()).expect("serializes"),
        json!({"type": "car"})
    );
    // A known kind missing its own required field is an error, not a lossy parent.
    rejects::<Animal>(json!({"kind": "Lion", "name": "Leo"}));
    // Through arrays too.
    let zoo: Zoo = round_trip(json!({"animals": [
        {"kind": "Lion", "mane": false},
        {"kind": "Zebra", "stripes": 3}
    ]}));
    assert!(matches!(
        zoo.animals[..],
        [Animal::Lion(_), Animal::Zebra(_)]
    ));
    // With a mapping: its keys, including a bare schema name as target.
    let car: Vehicle = round_trip(json!({"type": "car", "wheels": 4, "doors": 5}));
    assert!(matches!(car, Vehicle::Car(Car { doors: Some(5), .. })));
    let bike: Vehicle = round_trip(json!({"type": "bike", "bell": true}));
    assert!(matches!(
        bike,
        Vehicle::Bike(Bike {
            bell: Some(true),
            ..
        })
    ));
}

#[test]
fn untagged_unions_choose_the_branch_that_accounts_for_every_key() {
    use unions::models::Filter;
    // Both branches parse anything (all optional); the one that keeps the keys is chosen.
    let f: Filter = round_trip(json!({"age": 3, "older": true}));
    assert!(matches!(f, Filter::ByAge(_)), "{f:?}");
    let f: Filter = round_trip(json!({"name": "x"}));
    assert!(matches!(f, Filter::ByName(_)), "{f:?}");
}

#[test]
fn discriminated_union_adds_a_tag_the_variants_do_not_declare() {
    let shape: unions::models::Shape = round_trip(json!({"kind": "circle", "radius": 1.5}));
    assert_eq!(
        shape,
        unions::models::Shape::Circle(unions::models::Circle { radius: 1.5 })
    );
    let shape: unions::models::Shape = round_trip(json!({"kind": "square", "side": 2.0}));
    assert!(matches!(shape, unions::models::Shape::Square(_)));
    rejects::<unions::models::Shape>(json!({"radius": 1.5}));
}

#[test]
fn untagged_unions_pick_the_alternative_that_fits() {
    use unions::models::{Contact, IdOrName, Payment};
    assert!(matches!(
        round_trip::<Contact>(json!({"radius": 1.0})),
        Contact::Circle(_)
    ));
    assert!(matches!(
        round_trip::<Contact>(json!({"side": 1.0})),
        Contact::Square(_)
    ));
    // Integers are tried before numbers, so a whole number stays whole.
    assert_eq!(round_trip::<IdOrName>(json!(7)), IdOrName::Integer(7));
    assert_eq!(round_trip::<IdOrName>(json!(7.5)), IdOrName::Number(7.5));
    assert_eq!(
        round_trip::<IdOrName>(json!("seven")),
        IdOrName::String("seven".into())
    );
    rejects::<IdOrName>(json!(true));
    // Inline alternatives are named after their title or their distinguishing property.
    assert!(matches!(
        round_trip::<Payment>(json!({"card_number": "4111"})),
        Payment::CardNumber(_)
    ));
    assert!(matches!(
        round_trip::<Payment>(json!({"iban": "DE00"})),
        Payment::BankTransfer(_)
    ));
}

#[test]
fn null_branches_are_options() {
    use unions::models::{Holder, HolderEither, MaybeCircle, Scalarish};
    let none: MaybeCircle = round_trip(json!(null));
    assert!(none.is_none());
    let holder: Holder = round_trip(json!({
        "shape": {"kind": "circle", "radius": 1.0},
        "maybe": null,
        "either": false
    }));
    assert!(holder.maybe.is_none());
    assert_eq!(holder.either, Some(HolderEither::Boolean(false)));
    let holder: Holder = round_trip(json!({
        "shape": {"kind": "square", "side": 1.0},
        "maybe": {"side": 3.0}
    }));
    assert!(holder.maybe.is_some());
    // A 3.1 type list with null: every use of the named union is an `Option`.
    let value: Option<Scalarish> = round_trip(json!(3));
    assert_eq!(value, Some(Scalarish::Integer(3)));
    let value: Option<Scalarish> = round_trip(json!(null));
    assert!(value.is_none());
}

#[test]
fn recursion_through_a_union() {
    use unions::models::{Expr, Sum};
    let expr: Expr = round_trip(json!({"left": 1, "right": {"left": 2, "right": 3}}));
    let Expr::Sum(sum) = expr else {
        panic!("a sum")
    };
    let Sum { left, right } = *sum;
    assert_eq!(*left, Expr::Integer(1));
    assert!(matches!(*right, Expr::Sum(_)));
}

#[test]
fn optional_and_nullable_stay_apart_in_3_0() {
    use nullable_3_0::models::{Size, ThingPatch};
    // Only the required properties: absent optional ones stay absent.
    let patch: ThingPatch = round_trip(json!({"name": "a", "nickname": null}));
    assert_eq!(patch.nickname, None);
    assert_eq!(patch.note, None);
    // An explicit null clears a value; it is written back as null.
    let patch: ThingPatch =
        round_trip(json!({"name": "a", "nickname": "b", "note": null, "size": null}));
    assert_eq!(patch.note, Some(None));
    assert_eq!(patch.size, Some(None));
    let patch: ThingPatch = round_trip(json!({
        "name": "a", "nickname": null, "color": "red", "note": "n", "size": "large"
    }));
    assert_eq!(patch.note, Some(Some("n".to_owned())));
    assert_eq!(patch.size, Some(Some(Size::Large)));
    // Required and nullable is always written, as null when there is no value.
    let written = serde_json::to_value(ThingPatch {
        name: "a".into(),
        nickname: None,
        color: None,
        note: None,
        size: None,
        stamp: None,
    })
    .expect("writes");
    assert_eq!(written, json!({"name": "a", "nickname": null}));
    // Only a request carries ThingPatch, so it is read strictly: a null on a non-nullable
    // optional property is refused (a type a response carries reads it as absent), and an
    // absent one is never written.
    rejects::<ThingPatch>(json!({"name": "a", "nickname": null, "color": null}));
    let patch: ThingPatch =
        serde_json::from_value(json!({"name": "a", "nickname": null})).expect("reads");
    assert_eq!(patch.color, None);
    assert_eq!(
        serde_json::to_value(&patch).expect("writes"),
        json!({"name": "a", "nickname": null})
    );
    rejects::<ThingPatch>(json!({"name": null, "nickname": null}));
    // A reference to a nullable schema keeps an explicit null apart from absence.
    let patch: ThingPatch = round_trip(json!({"name": "a", "nickname": null, "stamp": null}));
    assert_eq!(patch.stamp, Some(None));
    let patch: ThingPatch =
        round_trip(json!({"name": "a", "nickname": null, "stamp": "2024-02-29"}));
    assert!(matches!(patch.stamp, Some(Some(_))));
}

#[test]
fn type_lists_with_null_in_3_1() {
    use nullable_3_1::models::Record;
    let record: Record = round_trip(json!({"id": "1", "parent": null}));
    assert_eq!(
        (record.parent, record.label, record.tags),
        (None, None, None)
    );
    let record: Record =
        round_trip(json!({"id": "1", "parent": "0", "label": null, "score": 0.5, "tags": ["x"]}));
    assert_eq!(record.label, Some(None));
    assert_eq!(record.score, Some(Some(0.5)));
    assert_eq!(record.tags, Some(Some(vec!["x".to_owned()])));
    let record: Record = round_trip(json!({"id": "1", "parent": null, "tags": null}));
    assert_eq!(record.tags, Some(None));
}

#[test]
fn awkward_string_enum_values() {
    use enums::models::Awkward;
    let all = json!([
        "a.b",
        "with space",
        "1st",
        "",
        "UPPER",
        "upper",
        "-",
        "+1",
        "self",
        "Type"
    ]);
    let values: Vec<Awkward> = round_trip(all);
    assert_eq!(values[3], Awkward::Empty);
    assert_eq!(values[4], Awkward::Upper);
    assert_eq!(values[5], Awkward::Upper2);
    assert_eq!(values[8], Awkward::Self_);
    assert_eq!(Awkward::AB.as_str(), "a.b");
    assert_eq!(Awkward::WithSpace.to_string(), "with space");
    rejects::<Awkward>(json!("a_b"));
}

#[test]
fn integer_enums_nullable_enums_and_const() {
    use enums::models::{Flags, FlagsKind, Level, MaybeColor, Named};
    let flags: Flags = round_trip(json!({"level": -1, "kind": "flag", "color": null}));
    assert_eq!(flags.level, Level::Minus1);
    assert_eq!(flags.level.value(), -1);
    assert_eq!(flags.kind, FlagsKind::Flag);
    assert_eq!(flags.color, Some(None));
    let flags: Flags = round_trip(json!({"level": 3, "kind": "flag", "color": "green"}));
    assert_eq!(flags.color, Some(Some(MaybeColor::Green)));
    assert_eq!(round_trip::<Named>(json!(404)), Named::Missing);
    rejects::<Level>(json!(4));
    rejects::<Level>(json!("1"));
    rejects::<Flags>(json!({"level": 1, "kind": "other"}));
}

#[test]
fn open_enums_keep_unknown_values() {
    use open_enums::models::Awkward;
    assert_eq!(round_trip::<Awkward>(json!("a.b")), Awkward::AB);
    let unknown: Awkward = round_trip(json!("added-later"));
    assert_eq!(unknown, Awkward::Unknown("added-later".to_owned()));
    assert_eq!(unknown.as_str(), "added-later");
    // Integer enums too: a listed number is its variant, another one is kept and written
    // back as read; a number is still required.
    use open_enums::models::Level;
    assert_eq!(round_trip::<Level>(json!(-1)), Level::Minus1);
    let unknown: Level = round_trip(json!(4));
    assert_eq!(unknown, Level::Unknown(4));
    assert_eq!(unknown.value(), 4);
    rejects::<Level>(json!("1"));
}

#[test]
fn formats_pick_precise_types() {
    use formats::models::Formats;
    let value = json!({
        "when": "2024-01-02T03:04:05Z",
        "day": "2024-01-02",
        "at": "03:04:05Z",
        "id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
        "link": "https://example.com/a",
        "mail": "a@example.com",
        "v4": "192.0.2.1",
        "v6": "2001:db8::1",
        "blob": "aGVsbG8=",
        "raw": "bytes",
        "small": -5,
        "big": 9_000_000_000i64,
        "unsigned": 18_000_000_000_000_000_000u64,
        "percent": 100,
        "huge": 4_000_000_000u64,
        "unbounded": 1,
        "ratio": 0.5,
        "amount": 12.25,
        "odd": "kept as a string"
    });
    let formats: Formats = serde_json::from_value(value).expect("reads");
    assert_eq!(
        formats.day.map(|d| d.to_string()).as_deref(),
        Some("2024-01-02")
    );
    assert_eq!(
        formats.id.map(|u| u.to_string()).as_deref(),
        Some("67e55044-10b1-426f-9247-bb680e5fe0c8")
    );
    assert_eq!(formats.v4, Some(std::net::Ipv4Addr::new(192, 0, 2, 1)));
    assert_eq!(formats.unsigned, Some(18_000_000_000_000_000_000u64));
    // `huge` fits `u32` but its maximum (4,000,000,000) is below `u32::MAX`: a newtype
    // checks the bound.
    assert_eq!(
        formats.huge.as_ref().map(|h| h.get()),
        Some(4_000_000_000u32)
    );
    // `percent` is a bounded inline integer: a newtype that checks its bounds.
    assert_eq!(formats.percent.as_ref().map(|p| p.get()), Some(100i32));
    let back = serde_json::to_value(&formats).expect("writes");
    assert_eq!(back["day"], "2024-01-02");
    assert_eq!(back["v6"], "2001:db8::1");
    rejects::<Formats>(json!({"when": "2024-01-02T03:04:05Z", "id": "not-a-uuid"}));
    rejects::<Formats>(json!({"when": "2024-01-02T03:04:05Z", "day": "02/01/2024"}));
    rejects::<Formats>(json!({"when": "2024-01-02T03:04:05Z", "unsigned": -1}));
    rejects::<Formats>(json!({"when": "2024-01-02T03:04:05Z", "percent": 101}));
    rejects::<Formats>(json!({"when": "2024-01-02T03:04:05Z", "huge": 4_000_000_001u32}));
}

#[test]
fn all_of_merges_and_read_only_fields_need_not_be_sent() {
    use objects::models::{Described, Named};
    // `id` is required but read-only: a request body may leave it out.
    let request: Named = round_trip(json!({"name": "n", "secret": "s"}));
    assert_eq!(request.id, None);
    let response: Named =
        round_trip(json!({"id": "1", "name": "n", "created": "2024-01-02T03:04:05Z"}));
    assert_eq!(response.id.as_deref(), Some("1"));
    rejects::<Named>(json!({"id": "1"}));
    // `allOf` of one reference with a description is that type.
    let base: Described = round_trip(json!({"id": "2"}));
    assert_eq!(base.id.as_deref(), Some("2"));
}

#[test]
fn maps_extra_properties_and_closed_objects() {
    use objects::models::{Anything, Closed, Dictionary, Open};
    let open: Open = round_trip(json!({"id": "x", "a": 1, "b": 2}));
    assert_eq!(open.additional_properties.get("b"), Some(&2));
    rejects::<Open>(json!({"id": "x", "a": "not a number"}));
    let _closed: Closed = round_trip(json!({"id": "x"}));
    rejects::<Closed>(json!({"id": "x", "other": 1}));
    let dict: Dictionary = round_trip(json!({"k": "v"}));
    assert_eq!(dict["k"], "v");
    let any: Anything = round_trip(json!({"k": [1, {"x": null}]}));
    assert_eq!(any.len(), 1);
}

#[test]
fn defaults_fill_absent_fields() {
    use objects::models::{Settings, SettingsMode};
    let settings: Settings = serde_json::from_value(json!({})).expect("reads");
    assert_eq!(settings, Settings::default());
    assert_eq!(settings.retries, 3);
    assert!(!settings.verbose);
    // Defaults are written out.
    assert_eq!(
        serde_json::to_value(&settings).expect("writes"),
        json!({"retries": 3, "verbose": false})
    );
    let settings: Settings = round_trip(json!({"retries": 5, "mode": "fast", "verbose": true}));
    assert_eq!(settings.mode, Some(SettingsMode::Fast));
}

#[test]
fn recursion_tuples_defs_and_deprecated() {
    use objects::models::{Point, Tree, WithDefs};
    let tree: Tree = round_trip(json!({
        "value": 1,
        "left": {"value": 2},
        "children": [{"value": 3, "children": []}]
    }));
    assert_eq!(tree.left.map(|l| l.value), Some(2));
    let point: Point = round_trip(json!([1.5, -2.0]));
    assert_eq!(point, Point(1.5, -2.0));
    rejects::<Point>(json!([1.5]));
    let with: WithDefs = round_trip(json!({"inner": {"x": 1}}));
    assert_eq!(with.inner.and_then(|i| i.x), Some(1));
    #[allow(deprecated)]
    {
        let old: objects::models::Old = round_trip(json!({"legacy": "v"}));
        assert_eq!(old.legacy.as_deref(), Some("v"));
    }
}

#[test]
fn inline_alternatives_are_tagged_by_their_single_value() {
    use unions::models::Event;
    let click: Event = round_trip(json!({"type": "click", "x": 3}));
    assert!(matches!(click, Event::Click(c) if c.x == 3));
    let key: Event = round_trip(json!({"type": "key", "key": "a"}));
    assert!(matches!(key, Event::KeyPress(_)));
    // The tag picks the variant even where the shape would fit another.
    rejects::<Event>(json!({"type": "key", "x": 3}));
}

#[test]
fn a_variant_struct_used_on_its_own_carries_its_tag() {
    use unions::models::{Cat, Household, Pet};
    let home: Household = round_trip(json!({
        "cat": {"petType": "cat", "lives": 7},
        "pets": [{"petType": "doggo", "bark": true}, {"petType": "cat", "lives": 1}]
    }));
    assert!(matches!(
        home.pets.as_deref(),
        Some([Pet::Dog(_), Pet::Cat(_)])
    ));
    // Built in code, the cat's tag is right without being spelled.
    assert_eq!(
        serde_json::to_value(Household::new(Cat::new(2))).expect("serializes"),
        json!({"cat": {"petType": "cat", "lives": 2}})
    );
    // The standalone property is a cat: a dog's tag is refused there.
    rejects::<Household>(json!({"cat": {"petType": "dog", "lives": 7}}));
}
