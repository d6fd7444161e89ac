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

// Whether a process runs: exists and is not a zombie. A process that is not
// ours (an agent's helper) is reaped by whoever adopted it, maybe never in a
// container whose first process does not reap, so being a zombie is enough.
inline bool processRuns(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype afterName = text.lastIndexOf(')'); // the name may hold spaces
    return afterName >= 0 && text.size() > afterName + 2 && text.at(afterName + 2) != 'Z';
}
