/**
 * What operators read: the stable fields of every JSON log line ({@link LogField}, set per invocation in the logging
 * context) and the CloudWatch metrics the functions emit as embedded-metric-format lines ({@link Metric},
 * {@link Metrics}). Every feature may use it; it uses none of them.
 */
package io.github.approvalgate.observe;
