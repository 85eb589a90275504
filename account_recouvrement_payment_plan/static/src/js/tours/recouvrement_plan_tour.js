import { formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";

import { waitForIdleNetwork } from "@account_recouvrement_base/js/tours/tour_utils";

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
