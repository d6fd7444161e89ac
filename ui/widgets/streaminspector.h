#pragma once

#include <QDockWidget>
#include <QWidget>

class QLabel;
class QMainWindow;
class QMenu;
class QPlainTextEdit;
class QTableView;
class QTimer;

namespace rill {

class ChatClient;
class StreamInspectorModel;

// The stream inspector's contents: a verdict banner (live, or buffered with
// the burst's numbers), the table of raw events, and the selected event's data
// as indented JSON below it.
class StreamInspector : public QWidget
{
    Q_OBJECT
public:
    explicit StreamInspector(StreamInspectorModel *model, QWidget *parent = nullptr);

    QString verdictText() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateVerdict();
    void showDetails(const QModelIndex &current);

    StreamInspectorModel *m_model;
    QLabel *m_verdict;
    QTableView *m_table;
    QPlainTextEdit *m_details;
    // Counts a silence up while it happens: that is what a buffering server looks like.
    QTimer *m_silenceTicker;
    bool m_followEnd = true;
};

// The inspector as a dock of the chat window, fed by its ChatClient. It starts
// hidden; View > Stream Inspector shows it, and whether it is shown is
// remembered (QSettings "inspector/visible").
class StreamInspectorDock : public QDockWidget
{
    Q_OBJECT
public:
    StreamInspectorDock(ChatClient *client, QWidget *parent = nullptr);

    // Adds a dock to `window` (bottom area) and its toggle to the View menu,
    // creating that menu (object name "viewMenu") if the window has none.
    static StreamInspectorDock *install(QMainWindow *window, ChatClient *client);

    StreamInspectorModel *model() const { return m_model; }
    StreamInspector *inspector() const { return m_inspector; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    StreamInspectorModel *m_model;
    StreamInspector *m_inspector;
};

} // namespace rill
