#pragma once

#include "server/protocol/chatoptions.h"
#include "ui/widgets/modelsource.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace rill {

class ModelList;

// Settings ▸ Model: the model the window asks for, picked from the list its
// LLM server gives (GET /v1/models, Refresh asks again) or typed when there is
// none; temperature, top-p and max tokens, each "Server default" (unset) at the
// bottom of its range; and a default system prompt. Empty means unset
// everywhere: nothing is sent, and the server's defaults apply.
class ModelSettingsPage : public QWidget
{
    Q_OBJECT
public:
    explicit ModelSettingsPage(QWidget *parent = nullptr);

    void setOptions(const ChatOptions &options);
    ChatOptions options() const;

    // Asks `source` for its models (or shows its note when it has no list).
    void refresh(const ModelSource &source);

signals:
    // Refresh was clicked: the dialog knows the source as it stands now.
    void refreshRequested();

private:
    void showModels(const QStringList &models, const QString &note);

    ModelList *m_list;
    QComboBox *m_model;
    QPushButton *m_refresh;
    QLabel *m_note;
    QDoubleSpinBox *m_temperature;
    QDoubleSpinBox *m_topP;
    QSpinBox *m_maxTokens;
    QPlainTextEdit *m_system;
};

} // namespace rill
