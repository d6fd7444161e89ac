#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace rill {

class ChatClient;

// A strip under the conversation that says what happened to the run, in the
// chat itself rather than only in the status bar: at once when the stream is
// lost and being resumed, and after a run failed in a way that sending the
// message again may mend (the server unreachable, the connection lost, the
// session forgotten, the agent's error), with a Retry button. Hidden otherwise.
class RunNotice : public QWidget
{
    Q_OBJECT
public:
    explicit RunNotice(ChatClient *client, QWidget *parent = nullptr);

signals:
    void retryRequested();

private:
    void onStateChanged();
    void onRunFinished();
    void showNotice(const QString &text, bool retry);

    ChatClient *m_client;
    QLabel *m_label;
    QPushButton *m_retry;
};

} // namespace rill
