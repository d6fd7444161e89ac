// The child processes Rill starts (a process agent's script, an MCP server)
// each run in a process group of their own, so that what they start ends with
// them. This is how such a child is started and ended: never an orphan, never
// a zombie, and never a wait that blocks the event loop while it runs.
#pragma once

#include <QtGlobal>

#include <chrono>

class QProcess;

namespace rill::ProcessGroup {

// Makes the child, when `process` starts it, the leader of a new group whose
// id is its pid.
void startInOwnGroup(QProcess &process);

// Sends `signal` to every process of `group` (no-op for an id <= 0).
void signalGroup(qint64 group, int signal);

// Whether the application's event loop has ended: from then on no timer fires.
bool applicationQuitting();

// Ends `process` (the leader of `group`) without blocking the event loop.
// The QProcess is taken over (reparented to the application object, deleted
// once it has been reaped); the caller must have disconnected its own
// connections and must not touch it afterwards. With `letItExitFirst` the
// child gets `grace` to exit by itself (it was told to, e.g. its stdin was
// closed) before SIGTERM, else SIGTERM goes at once; SIGKILL follows after
// another `grace`. What is left of the group once the leader has gone is
// ended the same way. After the event loop has ended this blocks, for the
// grace period at most.
void retire(QProcess *process, qint64 group, std::chrono::milliseconds grace, bool letItExitFirst);

} // namespace rill::ProcessGroup
