package io.github.approvalgate.sweep;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.github.approvalgate.observe.InvocationLogContext;
import io.github.approvalgate.reminder.ReminderService;

/**
 * Lambda entry point {@code approval-sweep}: run on a schedule to deliver decisions whose events were lost, and by each
 * request's deadline check for exactly its execution, and by its reminder checks.
 */
@InvocationLogContext
@Named(ApprovalSweepHandler.NAME)
public class ApprovalSweepHandler implements RequestHandler<ScheduledEvent, SweepReport> {

    public static final String NAME = "approval-sweep";

    @Inject
    ApprovalSweepService service;

    @Inject
    ReminderService reminders;

    @Override
    public SweepReport handleRequest(ScheduledEvent event, Context context) {
        if (event != null && event.deadlineCheck() != null) {
            return service.check(event.deadlineCheck());
        }
        if (event != null && event.reminderCheck() != null) {
            // Scheduler invokes the live alias: the next check invokes the same (the function cannot name its own
            // alias in its environment without a dependency cycle in the template).
            return SweepReport.reminded(reminders.check(event.reminderCheck(),
                    context == null ? null : context.getInvokedFunctionArn()));
        }
        if (event == null || !event.isScheduled()) {
            return SweepReport.ignored("neither a '" + ScheduledEvent.DETAIL_TYPE + "' nor a '"
                    + ScheduledEvent.DEADLINE_CHECK + "': nothing swept");
        }
        return service.sweep();
    }
}
