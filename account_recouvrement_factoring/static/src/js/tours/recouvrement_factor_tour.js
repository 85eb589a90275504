import { registry } from "@web/core/registry";

// The accountant records, from the factoring batch, that the customers paid
// the factor. Prepared by tests/test_factor_tour.py: an accounted batch of one
// service invoice, its VAT due on payment.
registry.category("web_tour.tours").add("account_recouvrement_factor_paid_tour", {
    steps: () => [
        {
            content: "The batch is accounted",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='accounted']",
        },
        {
            content: "Record the payment to the factor",
            trigger: ".o_form_view .o_statusbar_buttons button:contains('Paid to the factor')",
            run: "click",
        },
        {
            content: "The batch's document is proposed",
            trigger: ".modal .o_field_widget[name='move_ids'] .o_data_row td[name='partner_id']:contains('Boulangerie Martin')",
        },
        {
            content: "Record",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The batch says so",
            trigger: ".o-mail-Chatter .o-mail-Message:contains('Paid to the factor by the customers')",
        },
    ],
});
