#include "redisserver.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QLocalSocket>
#include <QStandardPaths>
#include <QThread>

#include <csignal>

namespace rill::test {

RedisServer::RedisServer()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

RedisServer::~RedisServer()
{
    if (isRunning())
        resume();
    kill();
}

bool RedisServer::start(const QStringList &extraArguments)
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    if (program.isEmpty()) {
        m_error = QStringLiteral("redis-server is not installed (apt-get install redis-server)");
        return false;
    }
    QFile::remove(socketPath());
    // No TCP port, no persistence: only this test can reach it, and it leaves nothing.
    QStringList arguments { QStringLiteral("--port"), QStringLiteral("0"),
        QStringLiteral("--unixsocket"), socketPath(), QStringLiteral("--dir"), m_dir.path(),
        QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"), QStringLiteral("no"),
        QStringLiteral("--daemonize"), QStringLiteral("no") };
    arguments += extraArguments;
    m_process.start(program, arguments);
    if (!m_process.waitForStarted(5000)) {
        m_error = m_process.errorString();
        return false;
    }
    // Up once a client can send PING and read +PONG.
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired() && isRunning()) {
        QLocalSocket probe;
        probe.connectToServer(socketPath());
        if (probe.waitForConnected(200)) {
            probe.write("PING\r\n");
            if (probe.waitForReadyRead(1000)) {
                const QByteArray answer = probe.readAll();
                // A server with requirepass answers NOAUTH: up all the same.
                if (answer.startsWith("+PONG") || answer.startsWith("-NOAUTH"))
                    return true;
            }
        }
        QThread::msleep(10); // a process starting up: nothing to wait on but time
    }
    m_error = QStringLiteral("redis-server did not come up: ")
        + QString::fromLocal8Bit(m_process.readAll());
    return false;
}

void RedisServer::kill()
{
    if (!isRunning())
        return;
    ::kill(pid_t(m_process.processId()), SIGCONT);
    m_process.kill();
    m_process.waitForFinished(5000);
}

void RedisServer::pause()
{
    ::kill(pid_t(m_process.processId()), SIGSTOP);
}

void RedisServer::resume()
{
    ::kill(pid_t(m_process.processId()), SIGCONT);
}

} // namespace rill::test
