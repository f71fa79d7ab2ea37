#!/usr/bin/env bash
# Package and deploy the Approval Gate stack (infra/template.yaml), or tear it
# down. Works with AWS CLI v1 and v2. Run `infra/deploy.sh --help`.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "${script_dir}/.." && pwd)"
template="${script_dir}/template.yaml"
function_zip="${repo_root}/target/function.zip"
prog="$(basename "$0")"

usage() {
  cat <<EOF
Usage:
  ${prog} --artifact-bucket BUCKET [options]      package and deploy
  ${prog} --delete [--yes] [options]              empty the stack's bucket, delete the stack

Deploy: uploads target/function.zip with 'aws cloudformation package' to BUCKET,
then runs 'aws cloudformation deploy' on the packaged infra/template.yaml.

Options:
  --artifact-bucket BUCKET  S3 bucket (same Region as the stack) that receives the
                            packaged code. Not the pipeline's bucket, which the
                            stack creates. Alias: --package-bucket.
  --s3-prefix PREFIX        Key prefix in that bucket (default: the stack name).
  --stack-name NAME         Stack name (default: approval-gate).
  --region REGION           AWS Region (default: the CLI's configured Region).
  --profile PROFILE         AWS CLI profile.
  --parameter Key=Value     Template parameter; repeatable. Overrides the file.
  --parameters-file FILE    File of Key=Value lines; blank lines and lines
                            starting with # are ignored (no inline comments).
  --jvm                     Deploy the JVM build (./mvnw package): keeps the
                            stack's java25/java21 runtime, else java25, unless
                            FunctionRuntime is given. The native build
                            (./mvnw package -Pnative) runs on provided.al2023.
  --native                  Deploy the native build (runtime provided.al2023).
                            Without --jvm, --native or FunctionRuntime, an
                            update keeps the stack's current runtime and a new
                            stack gets the native build.
  --dry-run                 Print the aws commands that change anything instead
                            of running them; read-only look-ups (the stack's
                            current parameters and resources) still run.
  --delete                  Teardown: stop the stack's running workflow and
                            pipeline executions (in every pipeline of the
                            pool), empty the artifact bucket the
                            stack created (all object versions and delete
                            markers), delete the stack and wait until it is
                            gone; if the deletion fails on objects written
                            meanwhile, empty the bucket and delete once more.
  --yes                     Do not ask for confirmation in --delete mode.
  -h, --help                Show this help.

FunctionCodeSha256 is always computed from target/function.zip, so every new
code package publishes new Lambda versions behind the 'live' aliases.
EmailForNotification has no default: give it on the first deployment
(later deployments keep the previous value of any parameter not given).

Examples:
  ./mvnw package -Pnative
  infra/deploy.sh --artifact-bucket my-packaging-bucket --region eu-west-1 \\
      --parameter EmailForNotification=approver@example.com

  ./mvnw package
  infra/deploy.sh --jvm --artifact-bucket my-packaging-bucket \\
      --parameters-file approval-gate.params

  infra/deploy.sh --delete --stack-name approval-gate --region eu-west-1
EOF
}

die() {
  printf '%s: error: %s\n' "${prog}" "$*" >&2
  exit 1
}

warn() {
  printf '%s: warning: %s\n' "${prog}" "$*" >&2
}

info() {
  printf '%s: %s\n' "${prog}" "$*" >&2
}

# ---------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------
artifact_bucket=""
s3_prefix=""
stack_name="approval-gate"
region=""
profile=""
parameters_file=""
jvm=false
native=false
dry_run=false
delete_mode=false
assume_yes=false
cli_params=()

need_value() {
  # $1 option name, $2 number of remaining args (including the option)
  [[ $2 -ge 2 ]] || die "$1 needs a value (see --help)"
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --artifact-bucket|--package-bucket) need_value "$1" $#; artifact_bucket="$2"; shift 2 ;;
    --artifact-bucket=*|--package-bucket=*) artifact_bucket="${1#*=}"; shift ;;
    --s3-prefix) need_value "$1" $#; s3_prefix="$2"; shift 2 ;;
    --s3-prefix=*) s3_prefix="${1#*=}"; shift ;;
    --stack-name) need_value "$1" $#; stack_name="$2"; shift 2 ;;
    --stack-name=*) stack_name="${1#*=}"; shift ;;
    --region) need_value "$1" $#; region="$2"; shift 2 ;;
    --region=*) region="${1#*=}"; shift ;;
    --profile) need_value "$1" $#; profile="$2"; shift 2 ;;
    --profile=*) profile="${1#*=}"; shift ;;
    --parameter) need_value "$1" $#; cli_params+=("$2"); shift 2 ;;
    --parameter=*) cli_params+=("${1#*=}"); shift ;;
    --parameters-file) need_value "$1" $#; parameters_file="$2"; shift 2 ;;
    --parameters-file=*) parameters_file="${1#*=}"; shift ;;
    --jvm) jvm=true; shift ;;
    --native) native=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    --delete) delete_mode=true; shift ;;
    --yes|-y) assume_yes=true; shift ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

[[ "${stack_name}" =~ ^[A-Za-z][A-Za-z0-9-]{0,127}$ ]] \
  || die "invalid --stack-name '${stack_name}' (letters, digits, hyphens; starts with a letter)"

# ---------------------------------------------------------------------------
# AWS CLI
# ---------------------------------------------------------------------------
aws_global=()
[[ -n "${region}" ]] && aws_global+=(--region "${region}")
[[ -n "${profile}" ]] && aws_global+=(--profile "${profile}")

if ! command -v aws >/dev/null 2>&1; then
  if "${dry_run}"; then
    warn "the AWS CLI ('aws') is not installed; printing commands only"
  else
    die "the AWS CLI ('aws', v1 or v2) is not installed or not on PATH; see https://aws.amazon.com/cli/"
  fi
fi

# Run a read-only aws command: also in --dry-run mode, where it needs the CLI.
read_aws() {
  if ! command -v aws >/dev/null 2>&1; then
    return 1
  fi
  aws "${aws_global[@]+"${aws_global[@]}"}" "$@"
}

# Run an aws command, or print it in --dry-run mode.
run_aws() {
  if "${dry_run}"; then
    printf '+ aws'
    printf ' %q' "${aws_global[@]+"${aws_global[@]}"}" "$@"
    printf '\n'
  else
    aws "${aws_global[@]+"${aws_global[@]}"}" "$@"
  fi
}

# ---------------------------------------------------------------------------
# Teardown
# ---------------------------------------------------------------------------
empty_versioned_bucket() {
  local bucket="$1" count batch=0 failed
  # One page holds at most 1000 entries (versions and delete markers
  # together), which is also the delete-objects limit, so each page is one
  # batch. Listing again after each delete avoids pagination tokens, which
  # differ between CLI v1 and v2.
  # shellcheck disable=SC2016 # backticks are JMESPath literals, not shell
  local objects_query='[Versions || `[]`, DeleteMarkers || `[]`][].{Key: Key, VersionId: VersionId}'
  while :; do
    count="$(aws "${aws_global[@]+"${aws_global[@]}"}" s3api list-object-versions \
      --bucket "${bucket}" --max-keys 1000 --no-paginate \
      --query "length(${objects_query})" --output text)"
    [[ "${count}" =~ ^[0-9]+$ ]] || die "unexpected answer listing s3://${bucket}: ${count}"
    [[ "${count}" -eq 0 ]] && break
    batch=$((batch + 1))
    info "deleting ${count} object versions/delete markers from s3://${bucket} (batch ${batch})"
    local payload
    payload="$(aws "${aws_global[@]+"${aws_global[@]}"}" s3api list-object-versions \
      --bucket "${bucket}" --max-keys 1000 --no-paginate \
      --query "{Objects: ${objects_query}, Quiet: \`true\`}" --output json)"
    # shellcheck disable=SC2016 # backticks are JMESPath literals, not shell
    failed="$(aws "${aws_global[@]+"${aws_global[@]}"}" s3api delete-objects \
      --bucket "${bucket}" --delete "${payload}" \
      --query 'length(Errors || `[]`)' --output text)"
    [[ "${failed}" == "0" ]] || die "delete-objects reported ${failed} errors on s3://${bucket}"
  done
  info "s3://${bucket} is empty"
}

# Physical IDs of the stack's resources that match a JMESPath filter ($1),
# whitespace-separated, or nothing. list-stack-resources, which the CLI pages
# through, rather than describe-stack-resources, which stops at 100 resources
# (a pool of 20 pipelines makes more).
stack_resources() {
  local ids
  ids="$(read_aws cloudformation list-stack-resources --stack-name "${stack_name}" \
    --query "StackResourceSummaries[?$1].PhysicalResourceId" --output text)" || return 1
  [[ "${ids}" == "None" ]] || printf '%s' "${ids}"
}

# Physical ID of a stack resource, or nothing when the stack has no such resource.
stack_resource() {
  stack_resources "LogicalResourceId=='$1'"
}

# A running workflow would write new source object versions and start new
# pipeline executions while the bucket is emptied.
stop_workflow_executions() {
  local state_machine="$1" arns arn
  arns="$(read_aws stepfunctions list-executions --state-machine-arn "${state_machine}" \
    --status-filter RUNNING --query 'executions[].executionArn' --output text)"
  for arn in ${arns}; do
    [[ "${arn}" == "None" ]] && continue
    info "stopping workflow execution ${arn}"
    run_aws stepfunctions stop-execution --execution-arn "${arn}" \
      --error StackDeleted --cause "infra/deploy.sh --delete: stack ${stack_name} is being deleted"
  done
}

# Abandon, not just stop: a stopped execution would still finish its running
# actions, and a pending approval would stay open until it times out.
stop_pipeline_executions() {
  local pipeline="$1" ids id
  ids="$(read_aws codepipeline list-pipeline-executions --pipeline-name "${pipeline}" \
    --query "pipelineExecutionSummaries[?status=='InProgress'].pipelineExecutionId" --output text)"
  for id in ${ids}; do
    [[ "${id}" == "None" ]] && continue
    info "abandoning pipeline execution ${id} of ${pipeline}"
    run_aws codepipeline stop-pipeline-execution --pipeline-name "${pipeline}" \
      --pipeline-execution-id "${id}" --abandon --reason "stack ${stack_name} is being deleted"
  done
}

empty_stack_bucket() {
  local bucket="$1"
  if "${dry_run}"; then
    printf '+ (repeat until empty) aws s3api list-object-versions --bucket %q --max-keys 1000 --no-paginate ... | aws s3api delete-objects --bucket %q --delete ...\n' "${bucket}" "${bucket}"
  elif read_aws s3api head-bucket --bucket "${bucket}" >/dev/null 2>&1; then
    empty_versioned_bucket "${bucket}"
  else
    warn "bucket ${bucket} is not reachable (already deleted?); skipping emptying"
  fi
}

# Deletes the stack and waits; returns non-zero when the deletion failed.
delete_and_wait() {
  info "deleting stack '${stack_name}'"
  run_aws cloudformation delete-stack --stack-name "${stack_name}"
  info "waiting for the deletion to finish"
  run_aws cloudformation wait stack-delete-complete --stack-name "${stack_name}"
}

# --dry-run when the stack cannot be read: the steps, without names.
print_teardown_plan() {
  info "dry run: names come from the stack's resources ApprovalStateMachine, its pipelines and ArtifactBucket"
  printf '+ aws stepfunctions stop-execution ... (each RUNNING execution of the state machine)\n'
  printf '+ aws codepipeline stop-pipeline-execution --abandon ... (each InProgress execution of each pool pipeline)\n'
  printf '+ (repeat until empty) aws s3api list-object-versions ... | aws s3api delete-objects ... (the artifact bucket)\n'
  run_aws cloudformation delete-stack --stack-name "${stack_name}"
  run_aws cloudformation wait stack-delete-complete --stack-name "${stack_name}"
}

delete_stack() {
  if ! "${assume_yes}" && ! "${dry_run}"; then
    if [[ -t 0 ]]; then
      local answer
      read -r -p "Delete stack '${stack_name}'${region:+ in ${region}} and every object version in the bucket it created? [y/N] " answer
      [[ "${answer}" =~ ^[Yy]([Ee][Ss])?$ ]] || die "aborted"
    else
      die "--delete needs --yes when not run interactively"
    fi
  fi

  local status
  if ! command -v aws >/dev/null 2>&1; then
    print_teardown_plan
    return 0
  fi
  if ! status="$(read_aws cloudformation describe-stacks \
      --stack-name "${stack_name}" --query 'Stacks[0].StackStatus' --output text 2>&1)"; then
    if [[ "${status}" == *"does not exist"* ]]; then
      info "stack '${stack_name}' does not exist; nothing to delete"
      return 0
    fi
    if "${dry_run}"; then
      warn "cannot describe stack '${stack_name}': ${status}"
      print_teardown_plan
      return 0
    fi
    die "cannot describe stack '${stack_name}': ${status}"
  fi
  info "stack '${stack_name}' is ${status}"

  local state_machine pipelines pipeline bucket
  state_machine="$(stack_resource ApprovalStateMachine)" || die "cannot list the resources of stack '${stack_name}'"
  # Every pipeline of the pool (PipelineCount): ApprovalPipeline, ApprovalPipeline2, ...
  pipelines="$(stack_resources "ResourceType=='AWS::CodePipeline::Pipeline'")" \
    || die "cannot list the resources of stack '${stack_name}'"
  # Only a bucket the stack created (logical ID ArtifactBucket) is emptied; a
  # bucket given with CodePipelineS3bucketName is left alone.
  bucket="$(stack_resource ArtifactBucket)" || die "cannot list the resources of stack '${stack_name}'"

  [[ -z "${state_machine}" ]] || stop_workflow_executions "${state_machine}"
  for pipeline in ${pipelines}; do
    stop_pipeline_executions "${pipeline}"
  done
  if [[ -n "${bucket}" ]]; then
    empty_stack_bucket "${bucket}"
  else
    info "the stack did not create an artifact bucket; an existing bucket is left untouched"
  fi

  if ! delete_and_wait; then
    [[ -n "${bucket}" ]] || die "stack deletion did not complete; see 'aws cloudformation describe-stack-events --stack-name ${stack_name}'"
    # Typically a version written after the bucket was emptied (an execution
    # that was still starting): empty it again and delete once more.
    warn "stack deletion did not complete; emptying s3://${bucket} again and retrying once"
    empty_stack_bucket "${bucket}"
    delete_and_wait || die "stack deletion did not complete; see 'aws cloudformation describe-stack-events --stack-name ${stack_name}'"
  fi
  if ! "${dry_run}"; then
    info "stack '${stack_name}' deleted"
  fi
}

if "${delete_mode}"; then
  [[ -z "${artifact_bucket}" ]] || warn "--artifact-bucket is not used with --delete (the packaging bucket is not touched)"
  delete_stack
  exit 0
fi

# ---------------------------------------------------------------------------
# Deploy
# ---------------------------------------------------------------------------
[[ -n "${artifact_bucket}" ]] || die "--artifact-bucket BUCKET is required (an S3 bucket for the packaged code; see --help)"
[[ -f "${template}" ]] || die "template not found: ${template}"

# Parameters: file first, then --parameter flags; the last value of a key wins.
# Two indexed arrays instead of an associative one: macOS ships bash 3.2.
param_keys=()
param_vals=()

param_index() {
  # prints the index of key $1, or nothing
  local i
  for i in "${!param_keys[@]}"; do
    if [[ "${param_keys[$i]}" == "$1" ]]; then
      printf '%s' "$i"
      return 0
    fi
  done
}

has_param() {
  [[ -n "$(param_index "$1")" ]]
}

get_param() {
  local i
  i="$(param_index "$1")"
  [[ -n "$i" ]] && printf '%s' "${param_vals[$i]}"
}

add_param() {
  local entry="$1" origin="$2" key value i
  [[ "${entry}" == *=* ]] || die "${origin}: expected Key=Value, got '${entry}'"
  key="${entry%%=*}"
  value="${entry#*=}"
  key="${key#"${key%%[![:space:]]*}"}"
  key="${key%"${key##*[![:space:]]}"}"
  [[ "${key}" =~ ^[A-Za-z0-9]+$ ]] || die "${origin}: invalid parameter name '${key}'"
  i="$(param_index "${key}")"
  if [[ -n "$i" ]]; then
    param_vals[i]="${value}"
  else
    param_keys+=("${key}")
    param_vals+=("${value}")
  fi
}

if [[ -n "${parameters_file}" ]]; then
  [[ -f "${parameters_file}" ]] || die "parameters file not found: ${parameters_file}"
  line_no=0
  while IFS= read -r line || [[ -n "${line}" ]]; do
    line_no=$((line_no + 1))
    line="${line%$'\r'}"
    trimmed="${line#"${line%%[![:space:]]*}"}"
    [[ -z "${trimmed}" || "${trimmed}" == \#* ]] && continue
    add_param "${trimmed}" "${parameters_file}:${line_no}"
  done < "${parameters_file}"
fi
for entry in "${cli_params[@]+"${cli_params[@]}"}"; do
  add_param "${entry}" "--parameter"
done

# Runtime: FunctionRuntime, --jvm or --native when given; otherwise the
# stack's current runtime (CloudFormation would otherwise fall back to the
# template default, provided.al2023, on every update), and the native build
# for a new stack.
"${jvm}" && "${native}" && die "--jvm and --native exclude each other"
current_runtime=""
if ! command -v aws >/dev/null 2>&1; then
  warn "without the AWS CLI the stack's current runtime is unknown; assuming a new stack"
elif ! current_runtime="$(read_aws cloudformation describe-stacks --stack-name "${stack_name}" \
    --query "Stacks[0].Parameters[?ParameterKey=='FunctionRuntime'].ParameterValue" --output text 2>&1)"; then
  if [[ "${current_runtime}" != *"does not exist"* ]]; then
    "${dry_run}" || die "cannot read the current parameters of stack '${stack_name}': ${current_runtime}"
    warn "cannot read the stack's current runtime (${current_runtime}); assuming a new stack"
  fi
  current_runtime=""
fi
[[ "${current_runtime}" == "None" ]] && current_runtime=""
if has_param FunctionRuntime; then
  runtime="$(get_param FunctionRuntime)"
  case "${runtime}" in
    provided.al2023)
      "${jvm}" && die "--jvm conflicts with FunctionRuntime=provided.al2023" ;;
    java25|java21)
      "${native}" && die "--native conflicts with FunctionRuntime=${runtime}"
      jvm=true ;;
    *) die "FunctionRuntime must be provided.al2023, java25 or java21 (got '${runtime}')" ;;
  esac
elif "${jvm}"; then
  case "${current_runtime}" in
    java25|java21) add_param "FunctionRuntime=${current_runtime}" "--jvm (the stack's current runtime)" ;;
    *) add_param "FunctionRuntime=java25" "--jvm" ;;
  esac
elif "${native}"; then
  add_param "FunctionRuntime=provided.al2023" "--native"
elif [[ -n "${current_runtime}" ]]; then
  info "keeping the stack's current runtime ${current_runtime} (--jvm or --native to change it)"
  add_param "FunctionRuntime=${current_runtime}" "the stack's current runtime"
  [[ "${current_runtime}" == java* ]] && jvm=true
else
  add_param "FunctionRuntime=provided.al2023" "default"
fi

if "${jvm}"; then
  build_cmd="./mvnw package"
else
  build_cmd="./mvnw package -Pnative"
fi

if [[ ! -f "${function_zip}" ]]; then
  msg="target/function.zip not found (${function_zip}); build it first from ${repo_root}: ${build_cmd}"
  "${dry_run}" || die "${msg}"
  warn "${msg}"
  code_sha="<base64 SHA-256 of target/function.zip>"
else
  # A native package has an executable 'bootstrap' at its root; a JVM one
  # does not. (Listing captured first: 'unzip | grep -q' can fail under
  # pipefail when grep stops reading early.)
  if command -v unzip >/dev/null 2>&1 && zip_names="$(unzip -Z1 "${function_zip}" 2>/dev/null)"; then
    if grep -qx 'bootstrap' <<<"${zip_names}"; then
      "${jvm}" && die "target/function.zip is a native build (has 'bootstrap') but a JVM runtime is selected; rebuild with '${build_cmd}' or drop --jvm"
    else
      "${jvm}" || die "target/function.zip has no 'bootstrap', so it is not a native build; build with '${build_cmd}' or deploy the JVM build with --jvm"
    fi
  fi
  # Lambda's CodeSha256: base64 of the binary SHA-256 of the zip.
  if command -v openssl >/dev/null 2>&1; then
    code_sha="$(openssl dgst -sha256 -binary "${function_zip}" | base64 | tr -d '\n')"
  elif command -v python3 >/dev/null 2>&1; then
    code_sha="$(python3 -c 'import base64,hashlib,sys; print(base64.b64encode(hashlib.sha256(open(sys.argv[1],"rb").read()).digest()).decode())' "${function_zip}")"
  else
    die "need openssl or python3 to compute the SHA-256 of target/function.zip"
  fi
fi
add_param "FunctionCodeSha256=${code_sha}" "computed"

if ! has_param EmailForNotification; then
  info "note: EmailForNotification not given; fine for an update, required when the stack is first created"
fi

overrides=()
for i in "${!param_keys[@]}"; do
  overrides+=("${param_keys[$i]}=${param_vals[$i]}")
done

[[ -n "${s3_prefix}" ]] || s3_prefix="${stack_name}"

packaged="$(mktemp "${TMPDIR:-/tmp}/approval-gate-packaged.XXXXXX")"
trap 'rm -f "${packaged}"' EXIT

info "packaging ${template} (code: ${function_zip}) into s3://${artifact_bucket}/${s3_prefix}/"
run_aws cloudformation package \
  --template-file "${template}" \
  --s3-bucket "${artifact_bucket}" \
  --s3-prefix "${s3_prefix}" \
  --output-template-file "${packaged}"

info "deploying stack '${stack_name}'${region:+ in ${region}}"
# CAPABILITY_IAM: the template creates roles, none with a fixed name.
# CAPABILITY_AUTO_EXPAND: the AWS::LanguageExtensions transform (the pool's
# Fn::ForEach) expands the template before it is deployed.
# --s3-bucket: templates over 51,200 bytes can only be passed through S3.
run_aws cloudformation deploy \
  --template-file "${packaged}" \
  --stack-name "${stack_name}" \
  --s3-bucket "${artifact_bucket}" \
  --s3-prefix "${s3_prefix}" \
  --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND \
  --no-fail-on-empty-changeset \
  --parameter-overrides "${overrides[@]}"

if ! "${dry_run}"; then
  info "stack outputs:"
  aws "${aws_global[@]+"${aws_global[@]}"}" cloudformation describe-stacks \
    --stack-name "${stack_name}" --query 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output text
fi
