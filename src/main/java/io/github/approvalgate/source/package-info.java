/**
 * The request's document as the pipeline's source (one S3 object, one version per request), and the failure shared by
 * every step that traces an approval back through it to its waiting task. Used by request, review, pipeline and token;
 * depends on none of them.
 */
package io.github.approvalgate.source;
