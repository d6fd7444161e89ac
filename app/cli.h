// Small helpers shared by Rill's command-line modes.
#pragma once

#include <QString>

class QCommandLineParser;

namespace rill::cli {

// Prints "rill: <message>" on stderr and exits with status 2 (bad usage).
[[noreturn]] void fail(const QString &message);

// The value of --<name> as a whole number in [min, max], or fail() saying why.
int readNumber(const QCommandLineParser &parser, const QString &name, int min, int max);

} // namespace rill::cli
