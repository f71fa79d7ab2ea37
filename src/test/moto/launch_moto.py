"""Start moto_server 5.2.1 with a fix for concurrent Step Functions executions.

Usage: python3 launch_moto.py -H 127.0.0.1 -p PORT   (same arguments as moto_server)

Why: getmoto/moto#10077. StepFunctionsParserBackend.start_execution deep-copies the
state machine, and the copy drags along every live execution of that machine (threads,
locks, callback pools). Once one execution exists, the next StartExecution fails with
HTTP 500. The wrapper below hides the executions list during the call.

It also gives unnamed executions a UUID name, as AWS does: moto 5.2.1 names them "None",
so a second unnamed StartExecution collides with the first one.

And it makes S3's conditional PutObject (If-None-Match / If-Match) atomic: moto 5.2.1 checks
for the key, then stores the object, with no lock in between, so concurrent writers of one
key can all succeed (seen here: 6 writers of an 8 MB body, 2 to 4 of them won). S3 lets one
win and answers the others 412 or 409 ConditionalRequestConflict (user guide: "How to
prevent object overwrites with conditional writes").
"""
import sys
import threading
import uuid

from moto.s3.responses import S3Response
from moto.server import main
from moto.stepfunctions.parser.models import StepFunctionsParserBackend

_original_start_execution = StepFunctionsParserBackend.start_execution
# Swapping the list is a read-modify-write on shared state; moto serves requests on threads.
_swap_lock = threading.Lock()


def _start_execution_without_deep_copying_executions(
    self, state_machine_arn, name=None, execution_input=None, trace_header=None
):
    name = name or str(uuid.uuid4())
    state_machine = self.describe_state_machine(state_machine_arn)
    with _swap_lock:
        # Name/input idempotency must still see the real executions.
        existing = state_machine._handle_name_input_idempotency(name, execution_input)
        if existing is not None:
            return existing
        live_executions = state_machine.executions
        state_machine.executions = []
        try:
            return _original_start_execution(
                self, state_machine_arn, name, execution_input, trace_header
            )
        finally:
            state_machine.executions = live_executions + state_machine.executions


StepFunctionsParserBackend.start_execution = _start_execution_without_deep_copying_executions

_original_put_object = S3Response.put_object
_conditional_put_lock = threading.Lock()


def _put_object_atomically_when_conditional(self):
    if self.headers.get("If-None-Match") is None and self.headers.get("If-Match") is None:
        return _original_put_object(self)
    with _conditional_put_lock:
        return _original_put_object(self)


S3Response.put_object = _put_object_atomically_when_conditional

if __name__ == "__main__":
    main(sys.argv[1:])
