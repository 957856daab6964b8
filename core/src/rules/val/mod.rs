//! VAL: Validity — what `terraform validate`, `plan` or the AWS API would
//! reject. Not scored in points; a failure gates the grade.

pub mod argument_types;
pub mod block_argument_form;
pub mod count_and_for_each;
pub mod duplicate_declarations;
pub mod kms_deletion_window_range;
pub mod known_arguments;
pub mod known_attribute_references;
pub mod known_resource_types;
pub mod lambda_runtimes;
pub mod log_retention_values;
pub mod missing_files;
pub mod rds_engine_versions;
pub mod reference_cycles;
pub mod required_arguments;
pub mod resource_names;
pub mod s3_bucket_names;
pub mod undeclared_references;
pub mod waf_log_destination;

use crate::rules::prelude::*;
use crate::validate::{self, ProblemKind};

/// Records the schema problems of one kind for every AWS resource and data
/// source whose type the schema knows: a failure per problem, a pass for
/// a resource without any.
fn judge_bodies(cx: &RuleContext<'_>, out: &mut Verdicts, kind: ProblemKind, passed: &str) {
    for resource in cx.model.written_resources() {
        if !validate::is_aws_type(&resource.resource_type)
            || validate::unknown_type(cx.model, resource).is_some()
        {
            continue;
        }
        let problems: Vec<_> = validate::body_problems(cx.model, resource)
            .into_iter()
            .filter(|p| p.kind == kind)
            .collect();
        if problems.is_empty() {
            out.pass(resource, passed);
        }
        for problem in problems {
            if problem.warn {
                out.warn(resource, &problem.span, problem.message);
            } else {
                out.fail(resource, &problem.span, problem.message);
            }
        }
    }
}
