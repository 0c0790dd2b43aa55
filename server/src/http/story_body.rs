//! A write's JSON body turned into a story the model accepts, or a 422
//! listing every field at fault: the model's story rules (`check_shape`,
//! and `check_references` against the layers, features and reports the
//! store holds), as `atlas import` checks story files.

use crate::AppState;
use crate::http::error::AppError;
use atlas_model::Story;
use atlas_model::api::FieldError;
use atlas_model::slug::slugify;
use atlas_model::story_check::{
    StoryContext, StoryError, check_references, check_shape, repoint_moved_passages,
};
use serde_json::Value;

/// The story a body describes, validated, its passage links that landed by
/// their quote pointed at the passage holding it. `path_id` is the story id
/// of the request's path (PUT); a body without an id takes it, and a body
/// naming another is refused. Without one (POST), a body without an id
/// takes the slug of its title.
pub async fn typed_story(
    state: &AppState,
    mut body: Value,
    path_id: Option<&str>,
) -> Result<Story, AppError> {
    let Some(members) = body.as_object_mut() else {
        return Err(invalid("body", "must be a story object"));
    };
    let given = members
        .get("id")
        .and_then(Value::as_str)
        .map(str::to_string);
    let id = match (path_id, given) {
        (Some(path_id), Some(given)) if given != path_id => {
            return Err(invalid(
                "id",
                &format!("is {given:?}, but the path names {path_id:?}"),
            ));
        }
        (Some(path_id), _) => Some(path_id.to_string()),
        (None, Some(given)) => Some(given),
        (None, None) => members
            .get("title")
            .and_then(Value::as_str)
            .map(slugify)
            .filter(|slug| !slug.is_empty()),
    };
    let Some(id) = id else {
        return Err(invalid("id", "is required (or a title to make it from)"));
    };
    members.insert("id".into(), Value::String(id));
    let mut story: Story = serde_json::from_value(body)
        .map_err(|e| invalid("body", &format!("is not a story: {e}")))?;
    let context = state.store.import_context().await?;
    let atlas = StoryContext::new(
        context.collections.iter().map(String::as_str),
        context
            .features
            .iter()
            .map(|(id, (layer, _))| (id.as_str(), layer.as_str())),
        &context.reports,
    );
    let mut errors = check_shape(&story);
    errors.extend(check_references(&story, &atlas));
    if !errors.is_empty() {
        return Err(AppError::Invalid {
            errors: errors.iter().map(field_error).collect(),
        });
    }
    repoint_moved_passages(&mut story, &context.reports);
    Ok(story)
}

/// A story rule broken, as a field of the body (`steps[0].highlight`, steps
/// counted from 0 as the body's array is) and its reason.
fn field_error(error: &StoryError) -> FieldError {
    let field = match error.step {
        Some(step) => format!("steps[{}].{}", step.saturating_sub(1), error.field),
        None => error.field.clone(),
    };
    FieldError {
        field,
        reason: error.problem.to_string(),
    }
}

fn invalid(field: &str, reason: &str) -> AppError {
    AppError::Invalid {
        errors: vec![FieldError {
            field: field.into(),
            reason: reason.into(),
        }],
    }
}
