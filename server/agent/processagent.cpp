#include "server/agent/processagent.h"

#include "server/agent/processgroup.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcProcessAgent, "rill.agent.process")

namespace rill {

namespace {

// A line longer than this is a runaway process, not a message.
constexpr qsizetype kMaxLineBytes = 1 << 20;

QString quoted(QByteArrayView bytes)
{
    QString text = QString::fromUtf8(bytes).simplified();
    if (text.size() > 120)
        text = text.left(117) + QStringLiteral("...");
    return text;
}

} // namespace

ProcessAgent::ProcessAgent(ProcessAgentOptions options, QObject *parent)
    : Agent(parent)
    , m_options(std::move(options))
{
    m_silenceTimer.setSingleShot(true);
    m_silenceTimer.setInterval(m_options.outputTimeout);
    connect(&m_silenceTimer, &QTimer::timeout, this, [this] {
        fail(QStringLiteral("the agent printed nothing for %1 s")
                 .arg(double(m_options.outputTimeout.count()) / 1000.0),
            504);
    });
}

ProcessAgent::~ProcessAgent()
{
    retireProcess(!m_running);
}

qint64 ProcessAgent::processId() const
{
    return m_process ? m_process->processId() : 0;
}

QByteArray ProcessAgent::requestLine(const AgentRequest &request)
{
    QJsonArray history;
    for (const Message &turn : request.history) {
        history.append(QJsonObject {
            { QStringLiteral("type"), turn.type }, { QStringLiteral("content"), turn.content } });
    }
    const QJsonObject object { { QStringLiteral("sessionId"), request.sessionId },
        { QStringLiteral("message"), request.message }, { QStringLiteral("history"), history },
        { QStringLiteral("language"), request.language },
        { QStringLiteral("options"), request.options.toJson() } };
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

void ProcessAgent::start(const AgentRequest &request)
{
    m_running = true;
    m_process = new QProcess(this);
    m_process->setProgram(m_options.program);
    m_process->setArguments(m_options.arguments);
    connect(m_process, &QProcess::readyReadStandardOutput, this, &ProcessAgent::onStdout);
    connect(m_process, &QProcess::readyReadStandardError, this, &ProcessAgent::onStderr);
    connect(m_process, &QProcess::finished, this, &ProcessAgent::onProcessFinished);
    connect(m_process, &QProcess::errorOccurred, this, &ProcessAgent::onProcessError);
    // A group of its own, so that what the agent starts (a shell's commands, a
    // model server) can be ended with it instead of living on as orphans.
    ProcessGroup::startInOwnGroup(*m_process);
    m_process->start();
    if (!m_process)
        return; // it failed to start, and the run has failed with it
    // The whole request is one line, and stdin is closed after it: a script
    // may read one line or read to the end, whichever is easier for it.
    m_process->write(requestLine(request) + '\n');
    m_process->closeWriteChannel();
    m_pid = m_process->processId();
    m_silenceTimer.start();
    qCInfo(lcProcessAgent).noquote() << QStringLiteral("[pid %1] started %2 %3")
                                            .arg(m_pid)
                                            .arg(m_options.program, m_options.arguments.join(u' '));
}

void ProcessAgent::cancel()
{
    const bool completed = !m_running;
    m_running = false;
    m_silenceTimer.stop();
    retireProcess(completed);
}

void ProcessAgent::onStdout()
{
    if (!m_process)
        return;
    m_stdout += m_process->readAllStandardOutput();
    if (m_running)
        m_silenceTimer.start();
    qsizetype newline;
    while (m_running && (newline = m_stdout.indexOf('\n')) >= 0) {
        QByteArray line = m_stdout.left(newline);
        m_stdout.remove(0, newline + 1);
        handleLine(std::move(line));
    }
    if (m_running && m_stdout.size() > kMaxLineBytes)
        fail(QStringLiteral("the agent printed a line longer than %1 bytes").arg(kMaxLineBytes),
            502);
}

void ProcessAgent::handleLine(QByteArray line)
{
    line = line.trimmed(); // also drops the CR of a CRLF line end
    if (line.isEmpty())
        return;
    QString error;
    const std::optional<Message> message = Message::fromJson(line, &error);
    if (!message) {
        fail(QStringLiteral("the agent printed a line that is not a JSON object (%1): %2")
                 .arg(error, quoted(line)),
            502);
        return;
    }
    if (message->type.isEmpty()) {
        fail(QStringLiteral("the agent printed a message without a \"type\": %1").arg(quoted(line)),
            502);
        return;
    }
    if (message->type == MessageType::Done) {
        succeed();
        return;
    }
    emit messageProduced(*message);
}

void ProcessAgent::onStderr()
{
    if (!m_process)
        return;
    m_stderr.feed(m_process->readAllStandardError(), [this](const QByteArray &line) {
        qCInfo(lcProcessAgent).noquote()
            << QStringLiteral("[pid %1] %2").arg(m_pid).arg(QString::fromUtf8(line));
    });
}

void ProcessAgent::onProcessFinished(int exitCode, QProcess::ExitStatus status)
{
    // Whatever the process printed last is read before it counts as gone.
    onStdout();
    onStderr();
    m_stderr.finish();
    if (m_running && status == QProcess::NormalExit && exitCode == 0
        && !m_stdout.trimmed().isEmpty())
        handleLine(std::exchange(m_stdout, {})); // a last line without its newline
    if (!m_running)
        return;
    const QString tail = m_stderr.lastLine().isEmpty()
        ? QString()
        : QStringLiteral(": %1").arg(quoted(m_stderr.lastLine()));
    if (status == QProcess::CrashExit)
        fail(QStringLiteral("the agent crashed%1").arg(tail), 502);
    else if (exitCode != 0)
        fail(QStringLiteral("the agent exited with status %1%2").arg(exitCode).arg(tail), 502);
    else
        succeed(); // a clean exit ends the run like a done line
}

void ProcessAgent::onProcessError(QProcess::ProcessError error)
{
    // Crashes arrive through finished() too; only a failed start has no other signal.
    if (error == QProcess::FailedToStart && m_running) {
        fail(QStringLiteral("cannot start the agent \"%1\": %2")
                 .arg(m_options.program, m_process ? m_process->errorString() : QString()),
            500);
    }
}

void ProcessAgent::succeed()
{
    if (!m_running)
        return;
    m_running = false;
    m_silenceTimer.stop();
    emit finished();
}

void ProcessAgent::fail(const QString &reason, int status)
{
    if (!m_running)
        return;
    m_running = false;
    m_silenceTimer.stop();
    qCInfo(lcProcessAgent).noquote()
        << QStringLiteral("[pid %1] run failed: %2").arg(m_pid).arg(reason);
    retireProcess(false);
    emit failed(reason, status);
}

// The process must neither be left running (an orphan) nor left unreaped (a
// zombie), and ending it must not block the event loop, which serves every
// other stream: ProcessGroup::retire takes the QProcess away from this agent,
// which may be deleted any moment now. After a completed run it first gets a
// grace period to exit by itself.
void ProcessAgent::retireProcess(bool runCompleted)
{
    QProcess *process = m_process;
    m_process = nullptr;
    if (!process)
        return;
    process->disconnect(this);
    ProcessGroup::retire(process, m_pid, m_options.killGrace, runCompleted);
}

} // namespace rill
