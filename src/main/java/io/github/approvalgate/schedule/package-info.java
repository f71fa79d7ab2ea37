/**
 * One-time EventBridge Scheduler schedules that invoke approval-sweep with a fixed input: each request's deadline check
 * and its reminder checks. Used by request (the first checks), sweep and reminder (the next ones); depends on none of
 * them.
 */
package io.github.approvalgate.schedule;
