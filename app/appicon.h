#pragma once

#include <QIcon>

namespace rill {

// Rill's icon in every size it is drawn at (title bar, task switcher, dock).
QIcon appIcon();

} // namespace rill
