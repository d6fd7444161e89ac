#include "server/agent/mcp/mcpprocess.h"

#include "server/agent/processgroup.h"

#include <QLoggingCategory>
#include <QProcessEnvironment>

Q_LOGGING_CATEGORY(lcMcp, "rill.mcp")

namespace rill {

namespace {

QString quoted(QByteArrayView bytes)
{
    QString text = QString::fromUtf8(bytes).simplified();
    if (text.size() > 160)
        text = text.left(157) + QStringLiteral("...");
    return text;
}

} // namespace

McpProcess::McpProcess(McpServerConfig config, std::chrono::milliseconds killGrace, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_killGrace(killGrace)
{ }

McpProcess::~McpProcess()
{
    stop();
}

bool McpProcess::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

void McpProcess::start()
{
    stop();
    m_stderr.clear();
    m_process = new QProcess(this);
    m_process->setProgram(m_config.command);
    m_process->setArguments(m_config.args);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (auto it = m_config.env.begin(); it != m_config.env.end(); ++it)
        environment.insert(it.key(), it.value());
    m_process->setProcessEnvironment(environment);
    m_process->setReadChannel(QProcess::StandardOutput);
    connect(m_process, &QProcess::readyReadStandardError, this, &McpProcess::onStderr);
    connect(m_process, &QProcess::finished, this, &McpProcess::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, &McpProcess::onError);
    connect(m_process, &QProcess::started, this, [this] {
        m_pid = m_process->processId();
        qCInfo(lcMcp).noquote() << QStringLiteral("[%1] started %2 %3 (pid %4)")
                                       .arg(m_config.name, m_config.command,
                                           m_config.args.join(u' '))
                                       .arg(m_pid);
        emit started();
    });
    ProcessGroup::startInOwnGroup(*m_process);
    m_process->start();
}

void McpProcess::stop()
{
    QProcess *process = m_process;
    m_process = nullptr;
    if (!process)
        return;
    process->disconnect(this);
    const bool running = process->state() == QProcess::Running;
    if (running)
        process->closeWriteChannel();
    ProcessGroup::retire(process, m_pid, m_killGrace, running);
    m_pid = 0;
}

void McpProcess::onStderr()
{
    if (!m_process)
        return;
    m_stderr.feed(m_process->readAllStandardError(), [this](const QByteArray &line) {
        qCInfo(lcMcp).noquote() << QStringLiteral("[%1] %2").arg(
            m_config.name, QString::fromUtf8(line));
    });
}

void McpProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    onStderr();
    m_stderr.finish();
    const QString tail = m_stderr.lastLine().isEmpty()
        ? QString()
        : QStringLiteral(": %1").arg(quoted(m_stderr.lastLine()));
    const QString reason = status == QProcess::CrashExit
        ? QStringLiteral("the MCP server \"%1\" crashed%2").arg(m_config.name, tail)
        : QStringLiteral("the MCP server \"%1\" exited with status %2%3")
              .arg(m_config.name)
              .arg(exitCode)
              .arg(tail);
    qCInfo(lcMcp).noquote() << reason;
    QProcess *process = m_process;
    m_process = nullptr;
    if (process) {
        process->disconnect(this);
        ProcessGroup::retire(process, m_pid, m_killGrace, false); // its leftovers
    }
    m_pid = 0;
    emit exited(reason);
}

void McpProcess::onError(QProcess::ProcessError error)
{
    // Crashes arrive through finished() too; only a failed start has no other signal.
    if (error != QProcess::FailedToStart || !m_process)
        return;
    const QString reason = QStringLiteral("cannot start the MCP server \"%1\" (%2): %3")
                               .arg(m_config.name, m_config.command, m_process->errorString());
    qCWarning(lcMcp).noquote() << reason;
    QProcess *process = m_process;
    m_process = nullptr;
    process->disconnect(this);
    process->deleteLater();
    emit exited(reason);
}

} // namespace rill
