#pragma once

#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace rill {

// Reads a Rill server's GET /health for what the window shows about it:
// whether the server ignores the options clients ask for
// (`rill --serve --lock-options` says "optionsLocked": true). A server that
// does not answer, or does not say, counts as not locked.
class ServerHealth : public QObject
{
    Q_OBJECT
public:
    explicit ServerHealth(QObject *parent = nullptr);

    void check(const QUrl &serverUrl, const QString &token = {});
    bool optionsLocked() const { return m_locked; }

signals:
    // After each check, whether or not the answer changed.
    void checked(bool optionsLocked);

private:
    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
    bool m_locked = false;
};

} // namespace rill
