#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

// A small server speaking the OpenAI streaming format on 127.0.0.1, a free
// port, written by hand over QTcpServer so that each test picks exactly what
// goes on the wire and when: a role chunk, content chunks one by one with a
// gap, a finish chunk and [DONE]; or an error status, a stall, a drop.
class FakeLlmServer : public QObject
{
    Q_OBJECT
public:
    enum class Mode {
        Stream, // role chunk, the pieces one per gap, finish chunk, [DONE]
        Error500, // 500 with {"error": {"message": ...}}
        Stall, // the head and the role chunk, then silence
        Drop, // the first piece, then the connection closes without [DONE]
        Malformed, // a chunk that is not JSON
        Script, // the n-th request gets script[n]: its deltas one per gap, its finish, [DONE]
    };

    // One scripted answer: each delta is one chunk's `delta` (content, tool_calls).
    struct Turn
    {
        QList<QJsonObject> deltas;
        QString finishReason = QStringLiteral("stop");
    };

    explicit FakeLlmServer(QObject *parent = nullptr);

    Mode mode = Mode::Stream;
    QStringList pieces { QStringLiteral("Hello"), QStringLiteral(", "), QStringLiteral("**world**"),
        QStringLiteral("!") };
    int gapMs = 80;
    QList<Turn> script;

    // A delta with one piece of a tool call (OpenAI's streaming shape).
    static QJsonObject toolCallDelta(
        int index, const QString &id, const QString &name, const QString &argumentsPiece);

    QUrl url() const;
    int requestCount() const { return m_requests; }
    QByteArray lastPath() const { return m_lastPath; }
    QByteArray lastHeader(const QByteArray &name) const;
    QJsonObject lastBody() const { return m_lastBody; }
    QList<QJsonObject> bodies() const { return m_bodies; }

signals:
    void requestReceived();
    // A client connection closed (by either side).
    void connectionClosed();

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void respond(QTcpSocket *socket);
    void sendSteps(QTcpSocket *socket, QList<QByteArray> steps, bool closeAtEnd);

    QTcpServer m_server;
    int m_requests = 0;
    QByteArray m_lastPath;
    QByteArray m_lastHead;
    QJsonObject m_lastBody;
    QList<QJsonObject> m_bodies;
};
