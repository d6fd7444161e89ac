// `rill listen`: prints the events of any SSE stream as JSON lines.
#pragma once

class QCoreApplication;

namespace rill {

int runListenCommand(QCoreApplication &app);

} // namespace rill
