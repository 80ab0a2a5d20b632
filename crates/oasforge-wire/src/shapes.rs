//! What the driver needs to know about a generated crate, read from its source with `syn`:
//! each operation's client method, input struct and response enum, and the credentials.
//! Reading the generated code (rather than recomputing its names) keeps the harness honest:
//! it calls exactly what a user would call.

use std::collections::HashMap;

use quote::ToTokens;
use syn::{Fields, FnArg, GenericArgument, ImplItem, Item, PathArguments, ReturnType, Type};

/// Why the generated source could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ShapeError {
    /// A generated file does not parse (a bug in oasforge).
    #[error("{file} does not parse: {message}")]
    Parse {
        /// The file.
        file: String,
        /// The parser's message.
        message: String,
    },
}

/// One variant of a response enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariantShape {
    /// `Name`: no body.
    Unit(String),
    /// `Name(body)`.
    Tuple(String),
    /// `Name { status, body, headers… }`; `true` when it has a `body` field.
    Struct(String, bool),
}

/// The generated items of one operation.
#[derive(Debug, Clone)]
pub struct OpShape {
    /// The input struct's name.
    pub input: String,
    /// The response enum's name.
    pub response: String,
}

/// Everything read from `client.rs` and `operations.rs`.
#[derive(Debug, Default)]
pub struct Shapes {
    /// By client method name.
    pub ops: HashMap<String, OpShape>,
    /// Struct fields (name as written, possibly `r#`, and type tokens), by struct name.
    pub structs: HashMap<String, Vec<(String, String)>>,
    /// Enum variants, by enum name.
    pub enums: HashMap<String, Vec<VariantShape>>,
}

impl Shapes {
    /// Reads the client and operations sources of a generated crate.
    pub fn read(client: &str, operations: &str) -> Result<Self, ShapeError> {
        let mut shapes = Shapes::default();
        let parse = |file: &str, text: &str| {
            syn::parse_file(text).map_err(|e| ShapeError::Parse {
                file: file.to_owned(),
                message: e.to_string(),
            })
        };
        for item in parse("client.rs", client)?.items {
            let Item::Impl(imp) = item else { continue };
            if imp.self_ty.to_token_stream().to_string() != "Client" {
                continue;
            }
            for item in imp.items {
                let ImplItem::Fn(f) = item else { continue };
                if f.sig.asyncness.is_none() {
                    continue;
                }
                let input = f.sig.inputs.iter().nth(1).and_then(|arg| match arg {
                    FnArg::Typed(t) => match &*t.ty {
                        Type::Reference(r) => last_ident(&r.elem),
                        _ => None,
                    },
                    FnArg::Receiver(_) => None,
                });
                let response = match &f.sig.output {
                    ReturnType::Type(_, ty) => first_generic(ty),
                    ReturnType::Default => None,
                };
                if let (Some(input), Some(response)) = (input, response) {
                    shapes
                        .ops
                        .insert(f.sig.ident.to_string(), OpShape { input, response });
                }
            }
        }
        for item in parse("operations.rs", operations)?.items {
            match item {
                Item::Struct(s) => {
                    let fields = s
                        .fields
                        .iter()
                        .filter_map(|f| {
                            let name = f.ident.as_ref()?.to_string();
                            Some((name, f.ty.to_token_stream().to_string()))
                        })
                        .collect();
                    shapes.structs.insert(s.ident.to_string(), fields);
                }
                Item::Enum(e) => {
                    let variants = e
                        .variants
                        .iter()
                        .map(|v| {
                            let name = v.ident.to_string();
                            match &v.fields {
                                Fields::Unit => VariantShape::Unit(name),
                                Fields::Unnamed(_) => VariantShape::Tuple(name),
                                Fields::Named(n) => {
                                    let body = n
                                        .named
                                        .iter()
                                        .any(|f| f.ident.as_ref().is_some_and(|i| i == "body"));
                                    VariantShape::Struct(name, body)
                                }
                            }
                        })
                        .collect();
                    shapes.enums.insert(e.ident.to_string(), variants);
                }
                _ => {}
            }
        }
        Ok(shapes)
    }
}

fn last_ident(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// `T` of `Result<T, E>`.
fn first_generic(ty: &Type) -> Option<String> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(t) => last_ident(t),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_methods_inputs_and_variants() {
        let client = "impl Client { pub fn builder() -> ClientBuilder { todo!() } \
            pub async fn get_pet(&self, input: &GetPetInput) -> Result<GetPetResponse, Error> { todo!() } }";
        let ops = "pub struct GetPetInput { pub r#type: String, pub body: Option<Pet> } \
            pub enum GetPetResponse { Ok(Pet), NoContent, Default { status: u16, body: Problem }, Gone { status: u16 } }";
        let shapes = Shapes::read(client, ops).expect("parses");
        let op = &shapes.ops["get_pet"];
        assert_eq!(
            (op.input.as_str(), op.response.as_str()),
            ("GetPetInput", "GetPetResponse")
        );
        assert_eq!(shapes.structs["GetPetInput"][0].0, "r#type");
        assert_eq!(
            shapes.enums["GetPetResponse"],
            vec![
                VariantShape::Tuple("Ok".into()),
                VariantShape::Unit("NoContent".into()),
                VariantShape::Struct("Default".into(), true),
                VariantShape::Struct("Gone".into(), false),
            ]
        );
        assert_eq!(shapes.ops.len(), 1);
    }
}
