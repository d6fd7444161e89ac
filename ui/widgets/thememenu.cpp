#include "ui/widgets/thememenu.h"

#include "ui/widgets/theme.h"

#include <QActionGroup>
#include <QMainWindow>
#include <QMenuBar>

namespace rill {

ThemeMenu::ThemeMenu(ThemeSwitcher *switcher, QWidget *parent)
    : QMenu(tr("&Theme"), parent)
    , m_group(new QActionGroup(this))
{
    setObjectName(QStringLiteral("themeMenu"));
    const std::pair<Theme, QString> choices[] = {
        { Theme::System, tr("&System") },
        { Theme::Light, tr("&Light") },
        { Theme::Dark, tr("&Dark") },
    };
    for (const auto &[theme, text] : choices) {
        QAction *action = addAction(text);
        action->setObjectName(QStringLiteral("theme-%1").arg(Themes::name(theme)));
        action->setCheckable(true);
        action->setData(int(theme));
        m_group->addAction(action);
        connect(action, &QAction::triggered, switcher,
            [switcher, theme = theme] { switcher->choose(theme); });
    }
    check(switcher->current());
    connect(switcher, &ThemeSwitcher::themeChanged, this, &ThemeMenu::check);
}

ThemeMenu *ThemeMenu::install(QMainWindow *window, ThemeSwitcher *switcher)
{
    QMenu *view = window->menuBar()->findChild<QMenu *>(QStringLiteral("viewMenu"));
    if (!view) {
        view = window->menuBar()->addMenu(tr("&View"));
        view->setObjectName(QStringLiteral("viewMenu"));
    }
    auto *menu = new ThemeMenu(switcher, view);
    view->addSeparator();
    view->addMenu(menu);
    return menu;
}

void ThemeMenu::check(Theme theme)
{
    for (QAction *action : m_group->actions())
        action->setChecked(action->data().toInt() == int(theme));
}

} // namespace rill
