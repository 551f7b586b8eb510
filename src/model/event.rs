use super::common::{canonical_struct, open_enum, DateTime, Raw};

open_enum!(
    /// Which sub-object of an event is populated.
    EventType {
        Note = "NOTE", Email = "EMAIL", Task = "TASK", Meeting = "MEETING", Call = "CALL",
        MarketingEmail = "MARKETING_EMAIL", Form = "FORM", PageView = "PAGE_VIEW",
    }
);
open_enum!(
    /// `task.status`.
    TaskStatus { Completed = "COMPLETED", NotStarted = "NOT_STARTED", WorkInProgress = "WORK_IN_PROGRESS", Deferred = "DEFERRED" }
);
open_enum!(
    /// `task.priority`.
    Priority { High = "HIGH", Medium = "MEDIUM", Low = "LOW" }
);
open_enum!(
    /// `form.fields[].type`.
    FormFieldType {
        Text = "TEXT", Number = "NUMBER", Date = "DATE", Boolean = "BOOLEAN", MultipleChoice = "MULTIPLE_CHOICE",
        File = "FILE", Textarea = "TEXTAREA", SingleSelect = "SINGLE_SELECT", MultipleSelect = "MULTIPLE_SELECT",
        Email = "EMAIL", Phone = "PHONE", YesNo = "YES_NO", Currency = "CURRENCY", Url = "URL",
    }
);

canonical_struct!(
    /// An activity or engagement: `type` says which sub-object is populated.
    Event {
        id: String,
        created_at: DateTime,
        updated_at: DateTime,
        r#type: EventType,
        note: EventNote,
        meeting: EventMeeting,
        email: EventEmail,
        call: EventCall,
        task: EventTask,
        marketing_email: EventMarketingEmail,
        form: EventForm,
        page_view: EventPageView,
        deal_ids: Vec<String>,
        company_ids: Vec<String>,
        contact_ids: Vec<String>,
        lead_ids: Vec<String>,
        user_id: String,
        raw: Raw,
    }
);

canonical_struct!(EventNote { description: String, title: String });
canonical_struct!(EventMeeting { title: String, description: String, start_at: DateTime, end_at: DateTime });
canonical_struct!(
    /// An email; `to` and `cc` entries may be `name <address>` strings.
    EventEmail {
        subject: String,
        body: String,
        from: String,
        to: Vec<String>,
        cc: Vec<String>,
        attachment_file_ids: Vec<String>,
    }
);
canonical_struct!(
    /// A call; `duration` is in seconds.
    EventCall { description: String, duration: f64, start_at: DateTime }
);
canonical_struct!(EventTask {
    name: String,
    description: String,
    due_at: DateTime,
    status: TaskStatus,
    priority: Priority
});
canonical_struct!(EventMarketingEmail {
    name: String,
    subject: String,
    body: String,
    from: String,
    to: Vec<String>,
    cc: Vec<String>,
    attachment_file_ids: Vec<String>,
});
canonical_struct!(EventPageView { url: String, count: f64, average: f64 });
canonical_struct!(EventForm { name: String, redirect_url: String, archived_at: DateTime, fields: Vec<EventFormField> });
canonical_struct!(EventFormField { name: String, required: bool, r#type: FormFieldType, options: Vec<EventFormOption> });
canonical_struct!(EventFormOption { label: String, value: String });
