#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace rill::test {

// A real redis-server for one test, on a unix socket in a directory of its
// own, saving nothing to disk. It can be killed and started again on the same
// socket, and stopped (SIGSTOP) to play a Redis that hangs.
class RedisServer
{
public:
    RedisServer();
    ~RedisServer();

    // Starts redis-server and waits (bounded) until it answers; false if it
    // is not installed or did not come up (errorString() says why).
    bool start(const QStringList &extraArguments = {});
    void kill(); // SIGKILL, and waits for it to be gone
    void pause(); // SIGSTOP: it holds every connection and answers nothing
    void resume(); // SIGCONT
    bool isRunning() const { return m_process.state() == QProcess::Running; }

    QString socketPath() const { return m_dir.filePath(QStringLiteral("redis.sock")); }
    QString url() const { return QStringLiteral("unix://") + socketPath(); }
    QString errorString() const { return m_error; }
    qint64 pid() const { return m_process.processId(); }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_error;
};

} // namespace rill::test
