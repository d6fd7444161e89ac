#pragma once

#include <QFile>
#include <QStandardPaths>
#include <QString>

// A Python 3 for the example and test agents (standard library only):
// $RILL_PYTHON, else python3 on the PATH, else /usr/bin/python3.
inline QString findPython()
{
    const QString configured = qEnvironmentVariable("RILL_PYTHON");
    if (!configured.isEmpty())
        return configured;
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("python3"));
    return onPath.isEmpty() ? QStringLiteral("/usr/bin/python3") : onPath;
}

inline QString sourcePath(const QString &relative)
{
    return qEnvironmentVariable("RILL_SOURCE_DIR") + u'/' + relative;
}

// Whether a process with this pid exists (running or a zombie not yet reaped).
inline bool processExists(qint64 pid)
{
    return pid > 0 && QFile::exists(QStringLiteral("/proc/%1").arg(pid));
}
