#include "server/agent/agent.h"

// Anchors the vtable and moc output of Agent in this library.
