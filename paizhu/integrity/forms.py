from django import forms

from paizhu.core.forms import StyledForm
from paizhu.org.picking import PersonField

from .models import FileRequest, PersonalMattersNote
from .services import NOTE_LIMIT, REASON_LIMIT


class RequestForm(StyledForm):
    person = PersonField(
        purpose="integrity_request",
        label="查阅对象",
        help_text="副科级及以上干部。驻在单位只能申请查阅本单位干部的廉政档案。",
        error_messages={"required": "请选择查阅对象。"},
    )
    purpose = forms.ChoiceField(label="查阅用途", choices=[("", "请选择"), *FileRequest.Purpose.choices])
    reason = forms.CharField(
        label="查阅事由",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_LIMIT,
        help_text="写明为何需要了解该干部的廉洁情况，如“拟提拔为××科科长，党组会议研究前征求意见”。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].for_user(user)


class NoteForm(StyledForm):
    year = forms.IntegerField(label="报告年度", min_value=2000, max_value=2100)
    reported_on = forms.DateField(
        label="报告日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    check_result = forms.ChoiceField(label="查核结果", choices=PersonalMattersNote.Check.choices)
    note = forms.CharField(
        label="说明",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_LIMIT,
        required=False,
        help_text="漏报、隐瞒不报的，写明情形及处理结果（组织部门通报的内容）。",
    )
