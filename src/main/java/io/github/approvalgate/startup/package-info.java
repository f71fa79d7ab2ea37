/**
 * Work moved from the first invocation into init where init is kept: with SnapStart, init runs once before the
 * snapshot, so everything done here is already done in every restored execution environment; with provisioned
 * concurrency it runs before traffic arrives. On an on-demand start nothing here runs ({@link StartupPriming}).
 * Nothing here calls AWS or opens a connection.
 *
 * <p>
 * This package depends on the features (their beans, their handler) and nothing depends on it: delete it and the
 * functions behave the same, only their first invocation after a snapshot restore is slower.
 */
package io.github.approvalgate.startup;
