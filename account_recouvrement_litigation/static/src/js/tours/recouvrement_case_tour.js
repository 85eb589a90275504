import { formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";

import { waitForIdleNetwork } from "@account_recouvrement_base/js/tours/tour_utils";

// Clicks the stage ``label`` of the form's statusbar: a button when it is
// shown, else the item of the dropdown the statusbar folds its stages into
// when the form is too narrow for them.
async function selectStage(label) {
    const visible = (el) => el && el.offsetParent !== null;
    const buttons = [...document.querySelectorAll(".o_form_view .o_statusbar_status button")];
    const button = buttons.find(
        (el) => visible(el) && !el.classList.contains("dropdown-toggle") && el.textContent.includes(label)
    );
    if (button) {
        button.click();
        return;
    }
    for (const toggle of buttons.filter((el) => visible(el) && el.classList.contains("dropdown-toggle"))) {
        toggle.click();
        for (let tries = 0; tries < 40; tries++) {
            await new Promise((resolve) => setTimeout(resolve, 50));
            const item = [...document.querySelectorAll(".o-dropdown--menu .dropdown-item")].find(
                (el) => visible(el) && el.textContent.includes(label)
            );
            if (item) {
                item.click();
                return;
            }
        }
    }
    throw new Error(`no stage "${label}" in the statusbar`);
}

// The credit controller takes an overdue invoice to court: a litigation case
// opened from the invoice, the road the module proposes kept, then moved
// through two stages (the claim filed, the order to enforce). Prepared by
// tests/test_case_tour.py: one overdue invoice of 900.00 of "Boulangerie Martin",
// opened at its form. No case file: its PDF is not rendered here.
registry.category("web_tour.tours").add("account_recouvrement_case_tour", {
    steps: () => [
        {
            content: "Open the invoice's Dunning tab",
            trigger: ".o_form_view .o_notebook a[name='recouvrement']",
            run: "click",
        },
        {
            content: "Open a litigation case",
            trigger: ".o_form_view button[name='action_recouvrement_open_case']",
            run: "click",
        },
        {
            content: "The claim is 900.00, a small claim: the simplified procedure is proposed",
            trigger: ".modal .o_field_widget[name='proposed_procedure']:contains('Simplified procedure')",
        },
        {
            content: "The invoice is listed",
            trigger: ".modal .o_field_widget[name='amount_residual']:contains('900.00')",
        },
        {
            content: "Open the case",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The case starts with the formal notice",
            trigger: ".o_form_view .o_statusbar_status:contains('Mise en demeure')",
        },
        {
            content: "The chatter shows the opening, nothing is pending",
            trigger: ".o-mail-Chatter .o-mail-Message:contains('Litigation case opened')",
            run: () => waitForIdleNetwork(),
        },
        {
            content: "Move it to the injonction de payer",
            trigger: ".o_form_view .o_statusbar_status",
            run: () => selectStage("Injonction de payer"),
        },
        {
            content: "It is at the injonction de payer (tracked in the chatter)",
            trigger: ".o-mail-Chatter .o-mail-Message:contains('Injonction de payer')",
            run: () => waitForIdleNetwork(),
        },
        {
            content: "Type the day the claim was filed: today",
            trigger: ".o_form_view .o_field_widget[name='date_filed'] input",
            run: `click && edit ${formatDate(luxon.DateTime.now())} && press Enter`,
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
            run: () => waitForIdleNetwork(),
        },
        {
            content: "Move it to the enforcement",
            trigger: ".o_form_view .o_statusbar_status",
            run: () => selectStage("Exécution"),
        },
        {
            content: "It is at the enforcement (tracked in the chatter), nothing is pending",
            trigger: ".o-mail-Chatter .o-mail-Message:contains('Exécution')",
            run: () => waitForIdleNetwork(),
        },
    ],
});
