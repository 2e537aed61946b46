"""Who may see or do what in the Harezmi program.

The rules are split by record (program, records, sessions, visits, statistics, history); this
package re-exports them all, so callers write `from izlem.harezmi import access` and
`access.harezmi_team_for(…)`. They build on `izlem.org.scope` and `izlem.org.access` only.

Who may see or do what in the Harezmi program (docs/harezmi.md holds the same table):

| role (where held)                                   | reads                 | does                                          |
|-----------------------------------------------------|-----------------------|-----------------------------------------------|
| system administrator                                | everything            | everything                                    |
| top manager, province coordinator/assistant (il)    | the province          | program year, decisions, appointments (top     |
|                                                     |                       | manager), anything a district may do           |
| top manager, district coordinator (ilçe)            | the district          | reviews, Kaymakamlık Oluru, EBYS letters,       |
|                                                     |                       | district coordinators (top manager), balancing |
| planning officer (AR-GE)                            | own subtree           | —                                             |
| Harezmi supervisor (il or ilçe müdür yardımcısı /   | own subtree           | — (told of its coordinators' appointments and  |
| şube müdürü)                                        |                       | departures; at the il: reads the letter inbox) |
| strategy office (İl Strateji Geliştirme Şubesi)     | the province          | records that the İl MEM evaluated a district's |
|                                                     |                       | start letter or departure letter               |
| school principal                                    | own school            | application, teams, teachers, students, hours  |
| teacher                                             | own teams only        | students and consent of own teams, meetings    |
Province and district Harezmi managers may also keep a school's teams and students up to date
(seed §3 and §4: "okul, öğretmen ve öğrenci bilgilerinin güncel tutulmasını sağlar").
"""

from __future__ import annotations

from izlem.harezmi.access.history import (
    harezmi_history_object_for,
)
from izlem.harezmi.access.letters import (
    HAREZMI_LETTER_EVALUATING_ROLES,
    HAREZMI_LETTER_READING_ROLES,
    harezmi_has_letter_inbox,
    harezmi_keeps_letter_inbox,
    harezmi_letter_for,
    harezmi_letter_provinces,
    harezmi_letters_visible,
)
from izlem.harezmi.access.program import (
    HAREZMI_APPOINTING_ROLES,
    HAREZMI_DISTRICT_ROLES,
    HAREZMI_PROVINCE_ROLES,
    HAREZMI_READ_ROLES,
    harezmi_application_for,
    harezmi_applications_visible,
    harezmi_appointment_for,
    harezmi_appointments_visible,
    harezmi_assignment_for,
    harezmi_can_appoint,
    harezmi_can_manage_year,
    harezmi_district_nodes,
    harezmi_document_for,
    harezmi_event_nodes,
    harezmi_has_access,
    harezmi_holiday_for,
    harezmi_is_teacher_only,
    harezmi_meetings_visible,
    harezmi_principal_schools,
    harezmi_province_nodes,
    harezmi_reads_as_manager,
    harezmi_school_nodes,
    harezmi_staff_changes_visible,
    harezmi_student_for,
    harezmi_student_schools,
    harezmi_students_editable,
    harezmi_students_visible,
    harezmi_team_for,
    harezmi_teams_editable,
    harezmi_teams_own,
    harezmi_teams_visible,
    harezmi_training_people,
    harezmi_trainings_visible,
    harezmi_view_nodes,
    harezmi_week_district_for,
    harezmi_year_for,
    harezmi_years_visible,
)
from izlem.harezmi.access.records import (
    HAREZMI_MEETING_PEOPLE_ROLES,
    HAREZMI_TRAINER_ROLES,
    harezmi_activities_visible,
    harezmi_award_people,
    harezmi_awards_visible,
    harezmi_course_for,
    harezmi_course_nodes,
    harezmi_courses_visible,
    harezmi_level_nodes,
    harezmi_material_request_for,
    harezmi_material_requests_visible,
    harezmi_material_suppliers,
    harezmi_meeting_people,
    harezmi_need_for,
    harezmi_need_schools,
    harezmi_needs_visible,
    harezmi_own_level_nodes,
    harezmi_program_meeting_for,
    harezmi_program_meetings_visible,
    harezmi_project_record_for,
    harezmi_projects_visible,
    harezmi_trainer_people,
)
from izlem.harezmi.access.sessions import (
    harezmi_absence_documents_visible,
    harezmi_absence_for,
    harezmi_absence_teachers,
    harezmi_absences_editable,
    harezmi_absences_visible,
    harezmi_can_log_session,
    harezmi_session_for,
    harezmi_sessions_visible,
    session_day,
)
from izlem.harezmi.access.statistics import (
    HAREZMI_MINISTRY_REPORT_ROLES,
    harezmi_ministry_report_nodes,
    harezmi_statistics_node_for,
    harezmi_statistics_nodes,
)
from izlem.harezmi.access.visits import (
    HAREZMI_VISIT_DISTRICT_ROLES,
    HAREZMI_VISIT_PROVINCE_ROLES,
    harezmi_follow_up_for,
    harezmi_has_visit_list,
    harezmi_reads_visits,
    harezmi_visit_for,
    harezmi_visit_nodes,
    harezmi_visit_plan_for,
    harezmi_visit_plans_visible,
    harezmi_visit_schools,
    harezmi_visits_visible,
)

__all__ = [
    "HAREZMI_LETTER_EVALUATING_ROLES",
    "HAREZMI_LETTER_READING_ROLES",
    "harezmi_has_letter_inbox",
    "harezmi_keeps_letter_inbox",
    "harezmi_letter_for",
    "harezmi_letter_provinces",
    "harezmi_letters_visible",
    "HAREZMI_APPOINTING_ROLES",
    "HAREZMI_DISTRICT_ROLES",
    "HAREZMI_MEETING_PEOPLE_ROLES",
    "HAREZMI_MINISTRY_REPORT_ROLES",
    "HAREZMI_PROVINCE_ROLES",
    "HAREZMI_READ_ROLES",
    "HAREZMI_TRAINER_ROLES",
    "HAREZMI_VISIT_DISTRICT_ROLES",
    "HAREZMI_VISIT_PROVINCE_ROLES",
    "harezmi_absence_documents_visible",
    "harezmi_absence_for",
    "harezmi_absence_teachers",
    "harezmi_absences_editable",
    "harezmi_absences_visible",
    "harezmi_activities_visible",
    "harezmi_application_for",
    "harezmi_applications_visible",
    "harezmi_appointment_for",
    "harezmi_appointments_visible",
    "harezmi_assignment_for",
    "harezmi_award_people",
    "harezmi_awards_visible",
    "harezmi_can_appoint",
    "harezmi_can_log_session",
    "harezmi_can_manage_year",
    "harezmi_holiday_for",
    "harezmi_course_for",
    "harezmi_course_nodes",
    "harezmi_courses_visible",
    "harezmi_district_nodes",
    "harezmi_document_for",
    "harezmi_event_nodes",
    "harezmi_follow_up_for",
    "harezmi_has_access",
    "harezmi_has_visit_list",
    "harezmi_history_object_for",
    "harezmi_is_teacher_only",
    "harezmi_level_nodes",
    "harezmi_material_request_for",
    "harezmi_material_requests_visible",
    "harezmi_material_suppliers",
    "harezmi_meeting_people",
    "harezmi_meetings_visible",
    "harezmi_ministry_report_nodes",
    "harezmi_need_for",
    "harezmi_need_schools",
    "harezmi_needs_visible",
    "harezmi_own_level_nodes",
    "harezmi_principal_schools",
    "harezmi_program_meeting_for",
    "harezmi_program_meetings_visible",
    "harezmi_project_record_for",
    "harezmi_projects_visible",
    "harezmi_province_nodes",
    "harezmi_reads_as_manager",
    "harezmi_reads_visits",
    "harezmi_school_nodes",
    "harezmi_session_for",
    "harezmi_sessions_visible",
    "harezmi_staff_changes_visible",
    "harezmi_statistics_node_for",
    "harezmi_statistics_nodes",
    "harezmi_student_for",
    "harezmi_student_schools",
    "harezmi_students_editable",
    "harezmi_students_visible",
    "harezmi_team_for",
    "harezmi_teams_editable",
    "harezmi_teams_own",
    "harezmi_teams_visible",
    "harezmi_trainer_people",
    "harezmi_training_people",
    "harezmi_trainings_visible",
    "harezmi_view_nodes",
    "harezmi_visit_for",
    "harezmi_visit_nodes",
    "harezmi_visit_plan_for",
    "harezmi_visit_plans_visible",
    "harezmi_visit_schools",
    "harezmi_visits_visible",
    "harezmi_week_district_for",
    "harezmi_year_for",
    "harezmi_years_visible",
    "session_day",
]
