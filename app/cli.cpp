#include "app/cli.h"

#include <QCommandLineParser>

#include <cstdio>
#include <cstdlib>

namespace rill::cli {

void fail(const QString &message)
{
    std::fprintf(stderr, "rill: %s\n", qPrintable(message));
    std::exit(2);
}

int readNumber(const QCommandLineParser &parser, const QString &name, int min, int max)
{
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < min || value > max)
        fail(QStringLiteral("--%1 takes a whole number from %2 to %3, not \"%4\"")
                 .arg(name)
                 .arg(min)
                 .arg(max)
                 .arg(parser.value(name)));
    return value;
}

} // namespace rill::cli
