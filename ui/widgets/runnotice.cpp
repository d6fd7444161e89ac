#include "ui/widgets/runnotice.h"

#include "ui/net/chatclient.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace rill {

RunNotice::RunNotice(ChatClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_label(new QLabel(this))
    , m_retry(new QPushButton(tr("&Retry"), this))
{
    m_label->setObjectName(QStringLiteral("runNoticeLabel"));
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_retry->setObjectName(QStringLiteral("retryButton"));
    m_retry->setToolTip(tr("Send the message again, with the conversation so far"));
    connect(m_retry, &QPushButton::clicked, this, &RunNotice::retryRequested);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 4, 8, 4);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_retry);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);

    connect(client, &ChatClient::stateChanged, this, &RunNotice::onStateChanged);
    connect(client, &ChatClient::streamFinished, this, &RunNotice::onRunFinished);
    hide();
}

void RunNotice::onStateChanged()
{
    switch (m_client->state()) {
    case ChatClient::State::Reconnecting:
        showNotice(tr("The connection to the server was lost. Reconnecting…"), false);
        break;
    case ChatClient::State::Connecting:
    case ChatClient::State::Streaming:
        hide(); // a new run, or the old one resumed
        break;
    case ChatClient::State::Idle:
        break; // onRunFinished says how it ended
    }
}

void RunNotice::onRunFinished()
{
    switch (m_client->lastFailure()) {
    case ChatClient::Failure::Unreachable:
        showNotice(tr("The server could not be reached."), true);
        break;
    case ChatClient::Failure::ConnectionLost:
        showNotice(tr("The connection to the server was lost."), true);
        break;
    case ChatClient::Failure::SessionUnknown:
        showNotice(tr("The server no longer knows this conversation. Retry starts it again "
                      "with its history."),
            true);
        break;
    case ChatClient::Failure::Agent:
        showNotice(tr("The answer failed."), true);
        break;
    case ChatClient::Failure::None:
    case ChatClient::Failure::Other:
        hide();
        break;
    }
}

void RunNotice::showNotice(const QString &text, bool retry)
{
    m_label->setText(text);
    m_retry->setVisible(retry);
    show();
}

} // namespace rill
