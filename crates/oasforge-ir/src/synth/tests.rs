use super::*;

#[test]
fn same_seed_same_value_and_seeds_differ() {
    let api = Api {
        title: String::new(),
        version: String::new(),
        description: None,
        openapi_version: "3.1.0".into(),
        servers: vec![],
        security_schemes: vec![],
        types: vec![],
        operations: vec![],
        webhooks: vec![],
    };
    let ty = Ty {
        kind: TyKind::Scalar(Scalar::String),
        nullable: false,
        constraints: Constraints {
            pattern: Some("^[A-Z]{2}-[0-9]{3,5}$".into()),
            ..Default::default()
        }
        .shared(),
    };
    let a = Synth::new(&api, Direction::Request, 7).value(&ty);
    let b = Synth::new(&api, Direction::Request, 7).value(&ty);
    assert_eq!(a, b);
    let all: HashSet<String> = (0..20)
        .map(|s| {
            Synth::new(&api, Direction::Request, s)
                .value(&ty)
                .to_string()
        })
        .collect();
    assert!(all.len() > 10, "{all:?}");
    let re = regex::Regex::new("^\"[A-Z]{2}-[0-9]{3,5}\"$").unwrap();
    for v in all {
        assert!(re.is_match(&v), "{v}");
    }
}

#[test]
fn bounds_and_multiples() {
    let api = Api {
        title: String::new(),
        version: String::new(),
        description: None,
        openapi_version: "3.1.0".into(),
        servers: vec![],
        security_schemes: vec![],
        types: vec![],
        operations: vec![],
        webhooks: vec![],
    };
    let cases = [
        (
            Scalar::I32,
            Some((10.0, true)),
            Some((20.0, false)),
            Some(5.0),
        ),
        (Scalar::I64, None, Some((-50.0, true)), None),
        (Scalar::F64, Some((0.0, true)), Some((1.0, true)), None),
        (Scalar::F64, Some((1.0, false)), None, Some(0.25)),
        (Scalar::U32, None, Some((3.0, false)), None),
    ];
    for (scalar, min, max, multiple) in cases {
        let ty = Ty {
            kind: TyKind::Scalar(scalar),
            nullable: false,
            constraints: Constraints {
                minimum: min.map(|(value, exclusive)| Bound { value, exclusive }),
                maximum: max.map(|(value, exclusive)| Bound { value, exclusive }),
                multiple_of: multiple,
                ..Default::default()
            }
            .shared(),
        };
        for seed in 0..50 {
            let v = Synth::new(&api, Direction::Request, seed).value(&ty);
            assert_eq!(
                conforms(&api, &ty, &v, Direction::Request),
                Ok(()),
                "{v} {ty:?}"
            );
        }
    }
}

#[test]
fn check_rejects_what_it_should() {
    let api = Api {
        title: String::new(),
        version: String::new(),
        description: None,
        openapi_version: "3.1.0".into(),
        servers: vec![],
        security_schemes: vec![],
        types: vec![],
        operations: vec![],
        webhooks: vec![],
    };
    let ty = Ty {
        kind: TyKind::Scalar(Scalar::I32),
        nullable: false,
        constraints: Constraints {
            maximum: Some(Bound {
                value: 3.0,
                exclusive: true,
            }),
            ..Default::default()
        }
        .shared(),
    };
    assert!(conforms(&api, &ty, &Value::from(3), Direction::Request).is_err());
    assert!(conforms(&api, &ty, &Value::from(2), Direction::Request).is_ok());
    assert!(conforms(&api, &ty, &Value::Null, Direction::Request).is_err());
}

#[test]
fn base64_matches_the_rfc_examples() {
    assert_eq!(base64("f"), "Zg==");
    assert_eq!(base64("fo"), "Zm8=");
    assert_eq!(base64("foo"), "Zm9v");
    assert_eq!(base64("foob"), "Zm9vYg==");
}
