// tests/peers/fake_openai.py as a child process on 127.0.0.1, a free port:
// the stand-in OpenAI-compatible server, with its modes (reasoning deltas,
// think tags, usage, /v1/models, the error bodies of llama-server and OpenAI).
#pragma once

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <QUrl>

class FakeOpenAi
{
public:
    FakeOpenAi() = default;
    FakeOpenAi(const FakeOpenAi &) = delete;
    FakeOpenAi &operator=(const FakeOpenAi &) = delete;
    ~FakeOpenAi() { stop(); }

    // Starts the server with `options` (--delay, --mode, --models...); returns
    // false with `why` set when it does not say it listens.
    bool start(const QStringList &options, QString *why)
    {
        QString python = qEnvironmentVariable("RILL_PYTHON");
        if (python.isEmpty())
            python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (python.isEmpty())
            python = QStringLiteral("/usr/bin/python3");
        const QString script = qEnvironmentVariable("RILL_SOURCE_DIR")
            + QStringLiteral("/tests/peers/fake_openai.py");
        m_process.start(python,
            QStringList { script, QStringLiteral("--port"), QStringLiteral("0") } + options);
        if (!m_process.waitForStarted(10000)) {
            *why = QStringLiteral("cannot start %1: %2").arg(python, m_process.errorString());
            return false;
        }
        static const QRegularExpression listening(QStringLiteral("^LISTENING (\\d+)\\n"));
        QByteArray out;
        QRegularExpressionMatch match;
        (void)QTest::qWaitFor(
            [&] {
                out += m_process.readAllStandardOutput();
                match = listening.match(QString::fromUtf8(out));
                return match.hasMatch() || m_process.state() == QProcess::NotRunning;
            },
            20000);
        if (!match.hasMatch()) {
            *why = QStringLiteral("fake_openai.py did not say LISTENING: %1 %2")
                       .arg(QString::fromUtf8(out),
                           QString::fromUtf8(m_process.readAllStandardError()));
            return false;
        }
        m_port = quint16(match.captured(1).toUInt());
        return true;
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

private:
    QProcess m_process;
    quint16 m_port = 0;
};
