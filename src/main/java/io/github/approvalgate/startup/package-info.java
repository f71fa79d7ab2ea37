/**
 * Work moved from the first invocation into init: with SnapStart, init runs once before the snapshot, so everything
 * done here is already done in every restored execution environment. Nothing here calls AWS or opens a connection.
 *
 * <p>
 * This package depends on the features (their beans, their handler) and nothing depends on it: delete it and the
 * functions behave the same, only their first invocation is slower.
 */
package io.github.approvalgate.startup;
