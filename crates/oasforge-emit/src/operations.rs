//! Operation-level items shared by the client and the server: the credentials, one input
//! struct and one response enum per operation, and request validation.

use std::collections::BTreeSet;

use oasforge_ir::{
    Api, BodyKind, Docs, Operation, ParamLocation, Response, ResponseBody, ResponseHeader, Scalar,
    SecurityKind, SecurityScheme, Status, StreamKind, Ty, TyKind,
};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::docs::doc_attrs;
use crate::format::Pieces;
use crate::ledger::{Dep, Module, Part, Uses};
use crate::runtime::{self, Helper, Source};
use crate::types::{ident, ty_tokens, ty_uses};

use checks::{validate_fn, Checks};

/// How a response body is decoded and encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Codec {
    /// JSON through serde.
    Json,
    /// UTF-8 text as a `String`.
    Text,
    /// Raw bytes as a `Vec<u8>`.
    Bytes,
    /// Server-sent events, one item per event's `data` (the data itself when `text`, else
    /// JSON), as a `stream::EventStream`.
    Sse {
        /// The item type is text: each `data` is the item itself.
        text: bool,
    },
    /// JSON lines, one item per line, as a `stream::EventStream`.
    Lines,
    /// A JSON text sequence (RFC 7464), one item per record, as a `stream::EventStream`.
    JsonSeq,
}

impl Codec {
    /// How a response body is read and written.
    pub(crate) fn of_body(body: &ResponseBody) -> Self {
        match body.stream {
            Some(StreamKind::Sse) => Self::Sse {
                text: matches!(body.ty.kind, TyKind::Scalar(s) if s.is_text()),
            },
            Some(StreamKind::Lines) => Self::Lines,
            Some(StreamKind::JsonSeq) => Self::JsonSeq,
            None => Self::of(&body.content_type, &body.ty),
        }
    }

    /// Whether the body is a stream of items.
    pub(crate) fn is_stream(self) -> bool {
        matches!(self, Self::Sse { .. } | Self::Lines | Self::JsonSeq)
    }

    fn of(media_type: &str, ty: &Ty) -> Self {
        match BodyKind::of(media_type) {
            BodyKind::Json => Self::Json,
            BodyKind::Text if matches!(ty.kind, TyKind::Scalar(s) if s.is_text()) => Self::Text,
            _ => Self::Bytes,
        }
    }

    /// The Rust type of a body decoded this way.
    fn rust_ty(self, api: &Api, ty: &Ty) -> TokenStream {
        match self {
            Self::Json => ty_tokens(api, ty),
            Self::Text => quote! { String },
            Self::Bytes => quote! { Vec<u8> },
            Self::Sse { .. } | Self::Lines | Self::JsonSeq => {
                let item = ty_tokens(api, ty);
                quote! { stream::EventStream<#item> }
            }
        }
    }
}

/// A declared response header, as the generated code carries it.
pub(crate) struct HeaderField<'a> {
    pub(crate) ident: Ident,
    pub(crate) header: &'a ResponseHeader,
    /// The value type, without `Option`.
    pub(crate) ty: TokenStream,
}

/// One variant of an operation's response enum.
pub(crate) struct Variant<'a> {
    pub(crate) ident: Ident,
    pub(crate) response: &'a Response,
    /// The body codec and Rust type.
    pub(crate) body: Option<(Codec, TokenStream)>,
    pub(crate) headers: Vec<HeaderField<'a>>,
}

impl Variant<'_> {
    /// The single code it answers, when it is not a range or `default`.
    pub(crate) fn code(&self) -> Option<u16> {
        match self.response.status {
            Status::Code(c) => Some(c),
            _ => None,
        }
    }

    /// Whether the variant has named fields (a status, headers) rather than one body value.
    pub(crate) fn is_struct(&self) -> bool {
        self.code().is_none() || !self.headers.is_empty()
    }
}

/// The request body as the input struct carries it.
pub(crate) struct InputBody {
    pub(crate) kind: BodyKind,
    pub(crate) content_type: String,
    pub(crate) required: bool,
    pub(crate) ty: TokenStream,
    /// For a `multipart/form-data` object: the form struct generated for it.
    pub(crate) form: Option<FormDef>,
}

/// The struct of a `multipart/form-data` body: binary properties become [`FilePart`]s.
pub(crate) struct FormDef {
    pub(crate) name: Ident,
    pub(crate) fields: Vec<FormField>,
}

/// One property of a multipart form.
pub(crate) struct FormField {
    pub(crate) ident: Ident,
    pub(crate) wire_name: String,
    pub(crate) is_file: bool,
    pub(crate) optional: bool,
    pub(crate) ty: TokenStream,
    /// The property's type in the IR (the router reads a part's text by it).
    pub(crate) schema: Ty,
    pub(crate) docs: Docs,
}

/// The form struct for a multipart body whose schema is an object.
fn form_def(api: &Api, ty: &Ty, name: &str, uses: &mut Uses) -> Option<FormDef> {
    let TyKind::Named(id) = ty.kind else {
        return None;
    };
    let oasforge_ir::TypeKind::Struct(s) = &api.type_def(id).kind else {
        return None;
    };
    // `readOnly` properties are the server's: a form a request carries has no place for them.
    let fields = s
        .fields
        .iter()
        .filter(|f| !f.read_only)
        .map(|f| {
            let is_file = matches!(f.ty.kind, TyKind::Scalar(Scalar::Binary));
            let ty = if is_file {
                quote! { FilePart }
            } else {
                chosen(api, &f.ty, uses)
            };
            FormField {
                ident: ident(&f.name),
                wire_name: f.wire_name.clone(),
                is_file,
                optional: !f.required && !f.ty.nullable,
                ty,
                schema: f.ty.clone(),
                docs: f.docs.clone(),
            }
        })
        .collect();
    Some(FormDef {
        name: format_ident!("{}", name),
        fields,
    })
}

/// Records what a use of `ty` in `operations.rs` brings: its dependencies and the models it
/// names (imported from `models.rs`).
fn record(api: &Api, ty: &Ty, uses: &mut Uses) {
    ty_uses(ty, uses);
    match &ty.kind {
        TyKind::Named(id) => uses.import(Module::Models, &api.type_def(*id).name),
        TyKind::Array(inner) | TyKind::Map(inner) => record(api, inner, uses),
        TyKind::Scalar(_) | TyKind::Any => {}
    }
}

/// The Rust type of a use of `ty` in `operations.rs`, recording what it brings.
fn chosen(api: &Api, ty: &Ty, uses: &mut Uses) -> TokenStream {
    record(api, ty, uses);
    ty_tokens(api, ty)
}

/// The generated names and shapes for one operation.
pub(crate) struct OpItems<'a> {
    pub(crate) op: &'a Operation,
    pub(crate) method: Ident,
    pub(crate) input: Ident,
    pub(crate) response: Ident,
    pub(crate) variants: Vec<Variant<'a>>,
    pub(crate) body: Option<InputBody>,
    /// The dependencies and models of the Rust types these shapes name, recorded as each
    /// type is chosen: a `date-time` response header or a `text/plain` body is a `String`,
    /// so it brings no `chrono`; a multipart form struct imports its fields' models, not the
    /// schema's.
    pub(crate) uses: Uses,
}

/// Names and shapes for every operation of `api`, computed once for every emitter.
pub(crate) fn op_items(api: &Api) -> Vec<OpItems<'_>> {
    api.operations
        .iter()
        .map(|op| {
            let mut uses = Uses::default();
            for param in &op.params {
                record(api, &param.ty, &mut uses);
            }
            let variants = op
                .responses
                .iter()
                .map(|r| {
                    let body = r.body.as_ref().map(|b| {
                        let codec = Codec::of_body(b);
                        if !matches!(codec, Codec::Text | Codec::Bytes) {
                            record(api, &b.ty, &mut uses);
                        }
                        (codec, codec.rust_ty(api, &b.ty))
                    });
                    let headers = r
                        .headers
                        .iter()
                        .map(|h| HeaderField {
                            ident: ident(&h.name),
                            header: h,
                            ty: header_ty(&h.ty),
                        })
                        .collect();
                    Variant {
                        ident: ident(&r.variant),
                        response: r,
                        body,
                        headers,
                    }
                })
                .collect();
            let body = op.body.as_ref().map(|b| {
                let form = b
                    .form_name
                    .as_ref()
                    .and_then(|name| form_def(api, &b.ty, name, &mut uses));
                InputBody {
                    kind: b.kind,
                    content_type: b.content_type.clone(),
                    required: b.required,
                    ty: match (&form, b.kind) {
                        (Some(form), _) => {
                            let name = &form.name;
                            quote! { #name }
                        }
                        (None, BodyKind::Json | BodyKind::Form | BodyKind::Multipart) => {
                            chosen(api, &b.ty, &mut uses)
                        }
                        (None, BodyKind::Text) => quote! { String },
                        (None, BodyKind::Bytes) => quote! { Vec<u8> },
                    },
                    form,
                }
            });
            OpItems {
                op,
                method: ident(&op.name),
                input: format_ident!("{}", op.input_name),
                response: format_ident!("{}", op.response_name),
                variants,
                body,
                uses,
            }
        })
        .collect()
}

/// The Rust type of a response header value: scalars as themselves, anything else as text.
fn header_ty(ty: &Ty) -> TokenStream {
    match ty.kind {
        TyKind::Scalar(Scalar::Bool) => quote! { bool },
        TyKind::Scalar(Scalar::I32) => quote! { i32 },
        TyKind::Scalar(Scalar::I64) => quote! { i64 },
        TyKind::Scalar(Scalar::F32) => quote! { f32 },
        TyKind::Scalar(Scalar::F64) => quote! { f64 },
        _ => quote! { String },
    }
}

/// The field of [`Credentials`] for a scheme, and its type.
pub(crate) fn credential_field(scheme: &SecurityScheme) -> (Ident, TokenStream) {
    let ty = match scheme.kind {
        SecurityKind::Basic => quote! { BasicCredentials },
        _ => quote! { String },
    };
    (ident(&scheme.name), ty)
}

/// The schemes of each alternative of an operation's `security`.
pub(crate) fn op_schemes<'a>(api: &'a Api, op: &Operation) -> Vec<Vec<&'a SecurityScheme>> {
    op.security
        .iter()
        .map(|alt| {
            alt.iter()
                .filter_map(|key| api.security_schemes.iter().find(|s| &s.key == key))
                .collect()
        })
        .collect()
}

/// The schemes some operation requires, in document order.
/// Records what `client.rs` and `server.rs` import from `operations.rs`: every operation's
/// input and response type, the credentials when some scheme is used, and `errors`: the
/// validation type the file names (`Violation` for the server, `ValidationErrors` for the
/// client).
pub(crate) fn operation_imports(
    items: &[OpItems<'_>],
    schemes: &[&SecurityScheme],
    errors: &str,
    uses: &mut Uses,
) {
    for item in items {
        uses.import(Module::Operations, &item.input.to_string());
        uses.import(Module::Operations, &item.response.to_string());
    }
    if !schemes.is_empty() {
        uses.import(Module::Operations, "Credentials");
    }
    if schemes.iter().any(|s| s.kind == SecurityKind::Basic) {
        uses.import(Module::Operations, "BasicCredentials");
    }
    uses.import(Module::Operations, errors);
}

pub(crate) fn used_schemes(api: &Api) -> Vec<&SecurityScheme> {
    let used: BTreeSet<&str> = api
        .operations
        .iter()
        .flat_map(|op| op.security.iter().flatten())
        .map(String::as_str)
        .collect();
    api.security_schemes
        .iter()
        .filter(|s| used.contains(s.key.as_str()))
        .collect()
}

/// The items of `operations.rs`, one piece per operation.
pub(crate) fn operations(api: &Api, items: &[OpItems<'_>]) -> Part<Pieces> {
    let mut uses = operation_uses(items);
    let mut pieces = operation_items(api, items, &mut uses);
    if crate::streams::any_stream(items) {
        uses.dep(Dep::Futures);
        pieces.items(crate::streams::stream_module());
    }
    Part {
        items: pieces,
        uses,
    }
}

/// What the HTTP parts use besides their own helpers: what each operation's types use (a
/// `uuid` path parameter, a `date` query parameter), and `serde_json`, which client and
/// server always use.
fn operation_uses(items: &[OpItems<'_>]) -> Uses {
    let mut uses = Uses::default();
    uses.dep(Dep::SerdeJson);
    for item in items {
        uses.merge(&item.uses);
    }
    uses
}

/// The items of `operations.rs`.
fn operation_items(api: &Api, items: &[OpItems<'_>], uses: &mut Uses) -> Pieces {
    let credentials = credentials_items(api, uses);
    let checks = Checks {
        params: crate::validate::param_check_names(api),
        forms: crate::validate::form_check_names(api),
        located: std::cell::Cell::new(false),
    };
    let ops: Vec<TokenStream> = items
        .iter()
        .map(|item| op_tokens(api, item, &checks))
        .collect();
    let forms: Vec<&FormDef> = items
        .iter()
        .filter_map(|i| i.body.as_ref().and_then(|b| b.form.as_ref()))
        .collect();
    if forms.iter().any(|f| f.fields.iter().any(|f| f.is_file)) {
        uses.use_(Helper::FilePart);
    }
    let file_part = runtime::items(Source::Operations, &uses.helpers, |h| h == Helper::FilePart);
    let form_structs = forms.iter().map(|form| {
        let name = &form.name;
        let fields = form.fields.iter().map(|f| {
            let field = &f.ident;
            let ty = &f.ty;
            let ty = if f.optional {
                quote! { Option<#ty> }
            } else {
                quote! { #ty }
            };
            let docs = doc_attrs(&f.docs, &[format!("The part `{}`.", f.wire_name)]);
            quote! { #docs pub #field: #ty, }
        });
        quote! {
            /// A `multipart/form-data` body: one part per field.
            #[derive(Debug, Clone, PartialEq)]
            pub struct #name {
                #(#fields)*
            }
        }
    });
    let mut pieces = Pieces::default();
    pieces.items(quote! {
        #credentials
        #file_part
        #(#form_structs)*

        /// One way in which a request breaks the spec: the type `validate.rs` uses for
        /// models, with pointers whose first segment is the location (`/path/permissionId`,
        /// `/query/limit`, `/header/X-Id`, `/body/identityId`).
        pub use super::validate::{ValidationErrors, Violation};
    });
    for op in ops {
        pieces.items(op);
    }
    if checks.located.get() {
        uses.use_(Helper::Locate);
        pieces.items(runtime::items(Source::Operations, &uses.helpers, |h| {
            h == Helper::Locate
        }));
    }
    pieces
}

fn credentials_items(api: &Api, uses: &mut Uses) -> TokenStream {
    let schemes = used_schemes(api);
    if schemes.is_empty() {
        return TokenStream::new();
    }
    let fields = schemes.iter().map(|s| {
        let (name, ty) = credential_field(s);
        let how = match &s.kind {
            SecurityKind::Bearer { .. } | SecurityKind::OAuth2 => {
                "Sent as `Authorization: Bearer <token>`.".to_owned()
            }
            SecurityKind::Basic => "Sent as `Authorization: Basic …`.".to_owned(),
            SecurityKind::ApiKey { location, name } => match location {
                ParamLocation::Query => format!("Sent as the query parameter `{name}`."),
                ParamLocation::Cookie => format!("Sent as the cookie `{name}`."),
                _ => format!("Sent as the header `{name}`."),
            },
            SecurityKind::OtherHttp { scheme } => {
                format!("Sent as `Authorization: {scheme} <credentials>`.")
            }
        };
        let docs = doc_attrs(
            &Docs {
                title: Some(format!("The `{}` scheme.", s.key)),
                description: s.description.clone(),
            },
            &[how],
        );
        quote! { #docs pub #name: Option<#ty>, }
    });
    let debug_fields = schemes.iter().map(|s| {
        let (name, _) = credential_field(s);
        let label = name.to_string();
        quote! { .field(#label, &self.#name.as_ref().map(|_| "<redacted>")) }
    });
    if schemes.iter().any(|s| s.kind == SecurityKind::Basic) {
        uses.use_(Helper::BasicCredentials);
    }
    let basic = runtime::items(Source::Operations, &uses.helpers, |h| {
        h == Helper::BasicCredentials
    });
    quote! {
        /// Credentials for the API's security schemes. The client sends, for each operation,
        /// exactly the ones its `security` requires; the server hands the ones that arrived to
        /// the handler.
        #[derive(Clone, Default, PartialEq, Eq)]
        pub struct Credentials {
            #(#fields)*
        }

        impl std::fmt::Debug for Credentials {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Credentials")
                    #(#debug_fields)*
                    .finish()
            }
        }

        #basic
    }
}

/// `` `METHOD /path` `` with the summary, for doc comments.
pub(crate) fn op_label(op: &Operation) -> String {
    format!("`{} {}`", op.method, op.path)
}

fn op_tokens(api: &Api, item: &OpItems<'_>, checks: &Checks) -> TokenStream {
    let op = item.op;
    let input = &item.input;
    let response = &item.response;
    let label = op_label(op);
    let what = match &op.docs.title {
        Some(t) => format!("{} ({label})", t.trim_end_matches('.')),
        None => label.clone(),
    };
    let input_doc = format!(" The inputs of {what}.");
    let fields = op.params.iter().map(|p| {
        let name = ident(&p.name);
        let ty = ty_tokens(api, &p.ty);
        let ty = if p.required || p.ty.nullable {
            ty
        } else {
            quote! { Option<#ty> }
        };
        let where_ = match p.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        let docs = doc_attrs(
            &p.docs,
            &[format!("The {where_} parameter `{}`.", p.wire_name)],
        );
        let deprecated = p.deprecated.then(|| quote! { #[deprecated] });
        quote! { #docs #deprecated pub #name: #ty, }
    });
    let body_field = item.body.as_ref().map(|b| {
        let ty = &b.ty;
        let ty = if b.required {
            quote! { #ty }
        } else {
            quote! { Option<#ty> }
        };
        let doc = format!(" The request body (`{}`).", b.content_type);
        quote! { #[doc = #doc] pub body: #ty, }
    });
    let validate = validate_fn(api, op, checks);
    let validate = quote! { impl #input { #validate } };
    let (derive_default, new) = crate::constructors::input_new(api, item);

    let variants = item.variants.iter().map(|v| {
        let name = &v.ident;
        let status = match v.response.status {
            Status::Code(c) => c.to_string(),
            Status::Range(n) => format!("{n}XX"),
            Status::Default => "default".to_owned(),
        };
        let mut text = format!("`{status}`");
        if let Some(d) = &v.response.description {
            text.push_str(": ");
            text.push_str(d);
        }
        let docs = doc_attrs(
            &Docs {
                title: Some(text),
                description: None,
            },
            &[],
        );
        if !v.is_struct() {
            return match &v.body {
                Some((_, ty)) => quote! { #docs #name(#ty), },
                None => quote! { #docs #name, },
            };
        }
        let status_field = v.code().is_none().then(|| {
            quote! {
                /// The status code received or to send.
                status: u16,
            }
        });
        let body_field = v.body.as_ref().map(|(_, ty)| {
            quote! {
                /// The body.
                body: #ty,
            }
        });
        let headers = v.headers.iter().map(|h| {
            let name = &h.ident;
            let ty = &h.ty;
            let ty = if h.header.required {
                quote! { #ty }
            } else {
                quote! { Option<#ty> }
            };
            let docs = doc_attrs(
                &Docs {
                    title: Some(format!("The `{}` header.", h.header.wire_name)),
                    description: h.header.description.clone(),
                },
                &[],
            );
            quote! { #docs #name: #ty, }
        });
        quote! { #docs #name { #status_field #body_field #(#headers)* }, }
    });
    let status_arms = item.variants.iter().map(|v| {
        let name = &v.ident;
        match v.code().map(proc_macro2::Literal::u16_unsuffixed) {
            Some(code) if v.is_struct() => quote! { Self::#name { .. } => #code, },
            Some(code) if v.body.is_some() => quote! { Self::#name(_) => #code, },
            Some(code) => quote! { Self::#name => #code, },
            None => quote! { Self::#name { status, .. } => *status, },
        }
    });
    let response_doc = format!(" The documented responses of {what}, one variant per status.");
    // A stream is read once: it is neither cloned nor compared.
    let derives = if crate::streams::has_stream(item) {
        quote! { #[derive(Debug)] }
    } else {
        quote! { #[derive(Debug, Clone, PartialEq)] }
    };
    // A response is built once per request and moved into the reply: a large body next to a
    // small variant is fine, and boxing it would burden every handler and caller.
    let large_variants = (item.variants.len() > 1
        && item.variants.iter().any(|v| v.body.is_some()))
    .then(|| quote! { #[allow(clippy::large_enum_variant)] });
    let status_fn = (!item.variants.is_empty()).then(|| {
        quote! {
            impl #response {
                /// The HTTP status code of this response.
                pub fn status(&self) -> u16 {
                    match self {
                        #(#status_arms)*
                    }
                }
            }
        }
    });
    quote! {
        #[doc = #input_doc]
        #[derive(Debug, Clone, #derive_default PartialEq)]
        pub struct #input {
            #(#fields)*
            #body_field
        }

        #new

        #validate

        #[doc = #response_doc]
        #derives
        #large_variants
        pub enum #response {
            #(#variants)*
        }

        #status_fn
    }
}

/// The `&[(property, FormEncoding)]` table of a form body whose `encoding` is not the
/// default (`Body::encoding`, decided in lowering); `None` for any other body.
pub(crate) fn form_encodings(op: &oasforge_ir::Operation) -> Option<TokenStream> {
    let body = op.body.as_ref().filter(|b| b.kind == BodyKind::Form)?;
    if body.encoding.is_empty() {
        return None;
    }
    // Lowering gives a form body only these two; the others are multipart parts'.
    let rows = body.encoding.iter().filter_map(|e| {
        let name = &e.property;
        let how = match e.how {
            oasforge_ir::PartEncoding::Delimited(d) => quote! { FormEncoding::Delimited(#d) },
            oasforge_ir::PartEncoding::Json(_) => quote! { FormEncoding::Json },
            oasforge_ir::PartEncoding::Media(_) | oasforge_ir::PartEncoding::Plain => return None,
        };
        Some(quote! { (#name, #how) })
    });
    Some(quote! { &[#(#rows),*] })
}

mod checks;
#[cfg(test)]
mod tests;
