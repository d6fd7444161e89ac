// The seed's FastAPI server (tests/peers/seed_server.py) as a child process,
// for tests that need a real server that buffers (--mode buffered).
#pragma once

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

#include <optional>

class SeedPeer
{
public:
    SeedPeer() = default;
    SeedPeer(const SeedPeer &) = delete;
    SeedPeer &operator=(const SeedPeer &) = delete;
    ~SeedPeer() { stop(); }

    // A Python 3 that has FastAPI and uvicorn: RILL_PYTHON, then python3 on
    // PATH, then Debian's own (python3-fastapi installs for /usr/bin/python3,
    // which a pyenv or venv python3 earlier on PATH does not see). Empty if none.
    static QString python()
    {
        static std::optional<QString> found;
        if (found)
            return *found;
        QStringList candidates;
        if (qEnvironmentVariableIsSet("RILL_PYTHON"))
            candidates.append(qEnvironmentVariable("RILL_PYTHON"));
        candidates.append(QStandardPaths::findExecutable(QStringLiteral("python3")));
        candidates.append(QStringLiteral("/usr/bin/python3"));
        found = QString();
        for (const QString &candidate : std::as_const(candidates)) {
            if (candidate.isEmpty())
                continue;
            QProcess probe;
            probe.start(
                candidate, { QStringLiteral("-c"), QStringLiteral("import fastapi, uvicorn") });
            if (probe.waitForFinished(20000) && probe.exitStatus() == QProcess::NormalExit
                && probe.exitCode() == 0) {
                found = candidate;
                break;
            }
        }
        return *found;
    }

    // Starts the server; returns its port, or 0 with `why` set.
    quint16 start(const QStringList &options, QString *why)
    {
        const QString script = qEnvironmentVariable("RILL_SOURCE_DIR")
            + QStringLiteral("/tests/peers/seed_server.py");
        m_process.start(python(),
            QStringList { script, QStringLiteral("--port"), QStringLiteral("0") } + options);
        if (!m_process.waitForStarted(10000)) {
            *why = QStringLiteral("cannot start %1: %2").arg(python(), m_process.errorString());
            return 0;
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
            *why = QStringLiteral("the seed server did not say LISTENING: %1 %2")
                       .arg(QString::fromUtf8(out),
                           QString::fromUtf8(m_process.readAllStandardError()));
            return 0;
        }
        return quint16(match.captured(1).toUInt());
    }

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
};

// Skips the test where Python's FastAPI is missing, but fails on CI, which installs it.
#define RILL_REQUIRE_SEED_PYTHON()                                                                 \
    do {                                                                                           \
        if (SeedPeer::python().isEmpty()) {                                                        \
            const char *missing = "no python3 with fastapi and uvicorn (apt-get install "          \
                                  "python3-fastapi python3-uvicorn, or set RILL_PYTHON)";          \
            if (qEnvironmentVariableIsSet("CI"))                                                   \
                QFAIL(missing);                                                                    \
            QSKIP(missing);                                                                        \
        }                                                                                          \
    } while (false)
