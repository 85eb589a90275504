import { formatDate } from "@web/core/l10n/dates";
import { rpcBus } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

// Requests sent by the web client and not answered yet. The test server
// rejects a request that arrives while a PDF is being rendered (the letter, on
// sending), so the tour clicks "Send" only once the form and its chatter have
// finished loading, as a user who reads the reminder before sending it would.
const pendingRpcs = new Set();
rpcBus.addEventListener("RPC:REQUEST", ({ detail }) => pendingRpcs.add(detail.data.id));
rpcBus.addEventListener("RPC:RESPONSE", ({ detail }) => pendingRpcs.delete(detail.data.id));

async function waitForIdleNetwork(quietMs = 500, timeoutMs = 20000) {
    const start = Date.now();
    let idleSince = null;
    while (Date.now() - start < timeoutMs) {
        if (pendingRpcs.size) {
            idleSince = null;
        } else {
            idleSince ??= Date.now();
            if (Date.now() - idleSince >= quietMs) {
                return;
            }
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`requests still pending after ${timeoutMs} ms`);
}

// The credit controller opens the review queue, opens a reminder and sends it.
// Prepared by tests/test_tour.py: one reminder of "Boulangerie Martin" to review.
registry.category("web_tour.tours").add("account_recouvrement_review_queue_tour", {
    url: "/odoo/action-account_recouvrement_base.action_recouvrement_review_queue",
    steps: () => [
        {
            content: "The review queue lists the reminder to review",
            trigger: ".o_list_view .o_data_row td[name='partner_id']:contains('Boulangerie Martin')",
            run: "click",
        },
        {
            content: "The reminder opens, waiting for review",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='to_review']",
        },
        {
            content: "The chatter has loaded, nothing is pending",
            trigger: ".o-mail-Chatter .o-mail-Message:contains('Ready for review')",
            run: () => waitForIdleNetwork(),
        },
        {
            content: "Send it",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_send']",
            run: "click",
        },
        {
            content: "It is sent",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='sent']",
        },
        {
            content: "The Send button is gone",
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name='action_send']))",
        },
        {
            // let the chatter finish loading the new messages before the tour
            // ends, so no request is cut off when the browser closes
            content: "The chatter shows the sending",
            trigger: ".o-mail-Chatter .o-mail-Message:not(:contains('Ready for review'))",
            // the letter's thumbnail is saved after the PDF preview renders
            run: () => waitForIdleNetwork(1000),
        },
    ],
});

// The credit controller opens a dispute from an overdue invoice: the invoice
// leaves the dunning. Prepared by tests/test_tour.py: one overdue invoice of
// "Boulangerie Martin", opened at its form.
registry.category("web_tour.tours").add("account_recouvrement_dispute_tour", {
    steps: () => [
        {
            content: "Open the invoice's Dunning tab",
            trigger: ".o_form_view .o_notebook a[name='recouvrement']",
            run: "click",
        },
        {
            content: "Open a dispute",
            trigger: ".o_form_view button[name='action_recouvrement_open_dispute']",
            run: "click",
        },
        {
            content: "Choose the reason",
            trigger: ".modal .o_field_widget[name='reason_id'] input",
            run: "edit Quality",
        },
        {
            content: "Pick it in the list",
            trigger: ".ui-autocomplete .dropdown-item:contains('Quality')",
            run: "click",
        },
        {
            content: "Say what the customer contests",
            trigger: ".modal .o_field_widget[name='description'] textarea",
            run: "edit Three broken pallets on delivery",
        },
        {
            content: "Open the dispute",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The dispute is open",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='open']",
        },
        {
            content: "Nothing is pending",
            trigger: ".o_form_view .oe_title:contains('LIT/')",
            run: () => waitForIdleNetwork(),
        },
    ],
});

// The credit controller agrees a payment plan with the customer of an overdue
// invoice: 3 monthly instalments, signed today; the invoice leaves the
// dunning. Prepared by tests/test_tour.py: one overdue invoice of 900.00 of
// "Boulangerie Martin", opened at its form. No proposal letter: its PDF would
// render while the form reloads (the customer signs the plan on paper here).
registry.category("web_tour.tours").add("account_recouvrement_plan_tour", {
    steps: () => [
        {
            content: "Open the invoice's Dunning tab",
            trigger: ".o_form_view .o_notebook a[name='recouvrement']",
            run: "click",
        },
        {
            content: "Make a payment plan",
            trigger: ".o_form_view button[name='action_recouvrement_create_plan']",
            run: "click",
        },
        {
            content: "The overdue invoice is to schedule",
            trigger: ".modal .o_field_widget[name='amount_total']:contains('900.00')",
        },
        {
            content: "In 3 instalments",
            trigger: ".modal .o_field_widget[name='installment_count'] input",
            run: "edit 3",
        },
        {
            content: "Open the intervals",
            trigger: ".modal .o_field_widget[name='interval'] input",
            run: "click",
        },
        {
            content: "Monthly",
            trigger: ".o_select_menu_item:contains('Monthly')",
            run: "click",
        },
        {
            content: "Make the plan",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The plan is a draft",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='draft']",
        },
        {
            content: "Compute the schedule again",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_compute_lines']",
            run: "click",
        },
        {
            content: "Confirm it",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Three instalments of 300.00",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:eq(2) td[name='amount']:contains('300.00')",
        },
        {
            content: "Adding up to the invoice",
            trigger: ".o_field_widget[name='line_ids']:not(:has(.o_data_row:eq(3))) tfoot:contains('900.00')",
        },
        {
            content: "Signed today",
            trigger: ".o_form_view .o_field_widget[name='signed_date'] input",
            run: `click && edit ${formatDate(luxon.DateTime.now())} && press Enter`,
        },
        {
            content: "Activate it",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_activate']",
            run: "click",
        },
        {
            content: "Confirm it",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The plan is active",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='active']",
        },
        {
            content: "The chatter shows the signature, nothing is pending",
            trigger: ".o-mail-Chatter .o-mail-Message:contains('Payment plan signed')",
            run: () => waitForIdleNetwork(),
        },
    ],
});

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
// tests/test_tour.py: one overdue invoice of 900.00 of "Boulangerie Martin",
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
