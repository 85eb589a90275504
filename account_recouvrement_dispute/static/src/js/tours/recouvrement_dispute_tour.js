import { registry } from "@web/core/registry";

import { waitForIdleNetwork } from "@account_recouvrement_base/js/tours/tour_utils";

// The credit controller opens a dispute from an overdue invoice: the invoice
// leaves the dunning. Prepared by tests/test_dispute_tour.py: one overdue invoice of
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
