// Helpers for tests that run the real `rill` binary (or another program) as a child process.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>
#include <QUrl>

namespace rill::testing {

// Ends a child process for sure, so no test leaves one behind.
struct ProcessGuard
{
    QProcess &process;
    ~ProcessGuard()
    {
        if (process.state() == QProcess::NotRunning)
            return;
        process.terminate();
        if (!process.waitForFinished(3000))
            process.kill();
        process.waitForFinished(3000);
    }
};

// Waits for a started `rill --serve` to log the address it serves on ("serving on
// http://127.0.0.1:PORT/", the port the kernel picked for --port 0) and returns it;
// an empty URL if the process ends or stays silent. Its stderr so far is appended to `log`.
inline QUrl waitForServingUrl(QProcess &server, QByteArray *log = nullptr, int timeoutMs = 10000)
{
    static const QRegularExpression serving(
        QStringLiteral("serving on (https?://127\\.0\\.0\\.1:\\d+/)"));
    QByteArray ownLog;
    QByteArray &seen = log ? *log : ownLog;
    QRegularExpressionMatch match;
    // The result is read from `match`: a timeout and an ended process both leave it empty.
    (void)QTest::qWaitFor(
        [&] {
            seen += server.readAllStandardError();
            match = serving.match(QString::fromUtf8(seen));
            return match.hasMatch() || server.state() == QProcess::NotRunning;
        },
        timeoutMs);
    return match.hasMatch() ? QUrl(match.captured(1)) : QUrl();
}

} // namespace rill::testing
