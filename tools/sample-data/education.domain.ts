import type { DomainSpec } from './domain-spec.types';
import { numericChoices } from './mc-choices.helpers';

export const EDUCATION: DomainSpec = {
  name: 'education',
  slots: {
    school: [
      'Maple Hill Secondary School',
      'Riverside Primary School',
      'Cedar Valley Academy',
      'Bright Path Learning Centre',
      'Eastlake Vocational College',
    ],
    schoolZh: ['枫山中学', '滨河小学', '雪松谷学校', '明途学习中心', '东湖职业学院'],
    subject: [
      'algebra',
      'reading comprehension',
      'physics',
      'English writing',
      'chemistry',
      'history',
      'geometry',
    ],
    subjectZh: ['代数', '阅读理解', '物理', '英语写作', '化学', '历史', '几何'],
    grade: ['seventh', 'eighth', 'ninth', 'tenth', 'eleventh'],
    gradeZh: ['七', '八', '九', '高一', '高二'],
    teacher: [
      'Ms. Grace Lee',
      'Mr. Omar Haddad',
      'Ms. Chen Yu',
      'Mr. Lukas Weber',
      'Ms. Ama Mensah',
    ],
    teacherZh: ['李雅老师', '韩卓老师', '陈宇老师', '吴明老师', '郑欣老师'],
    method: [
      'retrieval practice',
      'spaced repetition',
      'peer instruction',
      'worked examples',
      'project-based learning',
      'formative quizzes',
    ],
    methodZh: ['提取练习', '间隔复习', '同伴教学', '例题示范', '项目式学习', '形成性小测'],
    n: (r) => String(r.int(20, 600)),
    pct: (r) => r.decimal(2, 35, 1),
    weeks: (r) => String(r.int(3, 16)),
    minutes: (r) => String(r.pick([10, 15, 20, 25, 30, 40])),
    year: (r) => String(r.int(2016, 2025)),
  },
  enSentences: [
    'At {school}, {grade}-grade students who used {method} in {subject} scored {pct} percent higher on the end-of-term test.',
    '{teacher} begins every {subject} lesson with a short quiz on material from earlier weeks rather than from the day before.',
    'The school replaced long homework sets with {minutes} minutes of daily practice, and completion rates improved within {weeks} weeks.',
    'Teachers found that students who explained a solution to a partner remembered the method better than those who only read it.',
    'In {year}, the district trained {n} teachers to give written feedback that tells students what to do next, not just a grade.',
    'A survey of {n} parents showed that most wanted clearer information about how reading levels are assessed.',
    'Worked examples help beginners because they show each step, while experienced students gain more from solving problems alone.',
    '{teacher} noticed that mistakes in {subject} often came from misreading the question, so the class now underlines key words first.',
    'The library started a reading programme for {grade}-grade students, and the number of books borrowed rose by {pct} percent.',
    'Assessment should measure what was taught: a test full of unfamiliar formats tells teachers little about understanding.',
    'Students in the {method} group spent {minutes} minutes a day on review, spread across {weeks} weeks instead of crammed before exams.',
    'The vocational college invited local employers to design projects, so that classroom tasks matched the skills of the workplace.',
    'Clear success criteria, shown before a task starts, let students check their own work and ask better questions.',
    'A pilot at {school} paired {n} older students as tutors for younger readers, which helped both groups.',
    'Teachers agreed that a good question is one that most students can start but only some can finish without help.',
    'Attendance improved by {pct} percent after the school began sending families a short weekly summary of each class.',
  ],
  zhSentences: [
    '{schoolZh}{gradeZh}年级学生在{subjectZh}学习中采用{methodZh}后，期末成绩平均提高了{pct}%。',
    '{teacherZh}每节{subjectZh}课都以一个小测开头，内容来自前几周而不是前一天所学。',
    '学校把大量作业改为每天{minutes}分钟的练习，{weeks}周之内作业完成率明显上升。',
    '老师们发现，能够给同伴讲清解题思路的学生，比只看答案的学生记得更牢。',
    '{year}年，区教育局培训了{n}名教师，要求书面反馈要告诉学生下一步怎么做，而不只是给一个分数。',
    '一项覆盖{n}位家长的调查显示，多数家长希望更清楚地了解阅读水平是如何评估的。',
    '例题示范对初学者很有帮助，因为它展示了每一步，而熟练的学生独立解题收获更大。',
    '{teacherZh}注意到{subjectZh}中的许多错误源于审题不清，于是全班现在先圈出题目中的关键词。',
    '图书馆为{gradeZh}年级学生开设了阅读计划，图书借阅量增长了{pct}%。',
    '评价应当考查教过的内容，满是陌生题型的试卷很难反映学生的真实理解。',
    '{methodZh}组的学生每天复习{minutes}分钟，分散在{weeks}周内完成，而不是考前突击。',
    '职业学院邀请本地企业参与设计实训项目，让课堂任务与岗位技能对接。',
    '在任务开始前给出清晰的评价标准，学生就能自我检查，提出更有针对性的问题。',
    '{schoolZh}的试点让{n}名高年级学生给低年级学生辅导阅读，双方都有收获。',
    '老师们一致认为，好问题应该是多数学生都能入手、但只有部分学生能独立完成的问题。',
    '学校开始每周向家长发送课堂简报后，出勤率提高了{pct}%。',
  ],
  enPiiSentences: [
    'Parents can reach the class teacher at {email} or call {phone} during office hours.',
    'The scholarship form lists the student ID number {id} and the refund card {card}.',
    'The exam portal logged the submission from {ip}; the exchange coordinator answers on {intl}.',
  ],
  zhPiiSentences: [
    '家长可通过邮箱{email}或电话{phone}联系班主任。',
    '奖学金申请表上填写的学生身份证号为{id}，退款银行卡号为{card}。',
    '考试系统记录本次提交来自{ip}，交换项目联系人电话{intl}。',
  ],
  terms: [
    {
      en: 'retrieval practice',
      zh: '提取练习',
      defEn:
        'recalling information from memory, for example through low-stakes quizzes, which strengthens long-term retention',
      defZh: '通过低风险小测等方式从记忆中主动回忆知识，以增强长期记忆',
      exampleEn: "a five-question quiz at the start of class on last week's topic",
      exampleZh: '上课开始时就上周内容做五道小题',
    },
    {
      en: 'spaced repetition',
      zh: '间隔复习',
      defEn: 'reviewing material at increasing intervals instead of all at once',
      defZh: '按逐渐拉长的间隔复习内容，而不是集中一次复习',
      exampleEn: 'reviewing new vocabulary after one day, three days and one week',
      exampleZh: '新单词在一天、三天和一周后分别复习',
    },
    {
      en: 'formative assessment',
      zh: '形成性评价',
      defEn: 'checking understanding during learning so that teaching can be adjusted in time',
      defZh: '在学习过程中检查理解程度，以便及时调整教学',
      exampleEn: 'exit tickets that show which students need the idea explained again',
      exampleZh: '通过课堂小结卡发现哪些学生需要再讲一遍',
    },
    {
      en: 'summative assessment',
      zh: '终结性评价',
      defEn: 'evaluating learning at the end of a unit or course, usually with a grade',
      defZh: '在单元或课程结束时对学习结果进行评定，通常给出成绩',
      exampleEn: 'a final examination at the end of the semester',
      exampleZh: '学期末的期末考试',
    },
    {
      en: 'scaffolding',
      zh: '支架式教学',
      defEn: 'temporary support that helps a learner complete a task, removed as competence grows',
      defZh: '为学习者完成任务提供临时支持，并随能力提高逐步撤除',
      exampleEn: 'giving sentence starters for an essay and later asking for free writing',
      exampleZh: '先提供作文句式开头，之后再让学生自由写作',
    },
    {
      en: 'differentiation',
      zh: '差异化教学',
      defEn: "adapting tasks and support to students' different starting points",
      defZh: '根据学生不同的起点调整任务和支持方式',
      exampleEn: 'offering three versions of a reading task at different levels',
      exampleZh: '同一阅读任务提供三个难度版本',
    },
    {
      en: 'metacognition',
      zh: '元认知',
      defEn:
        "thinking about one's own thinking: planning, monitoring and evaluating how one learns",
      defZh: '对自身思维的认识与调控，包括计划、监控和评估学习过程',
      exampleEn: 'a student asks herself which method worked best after finishing a problem set',
      exampleZh: '学生做完一组题后反思哪种方法最有效',
    },
    {
      en: 'learning objective',
      zh: '学习目标',
      defEn: 'a clear statement of what students should know or be able to do after a lesson',
      defZh: '清楚说明学生在一节课后应当知道或能够做到什么',
      exampleEn: 'students will be able to solve two-step linear equations',
      exampleZh: '学生能够解两步一元一次方程',
    },
    {
      en: 'peer instruction',
      zh: '同伴教学',
      defEn: 'students answer a concept question, discuss it with neighbours and answer again',
      defZh: '学生先回答概念题，与同伴讨论后再次作答',
      exampleEn: 'after discussion, the share of correct answers often rises sharply',
      exampleZh: '讨论之后，正确率往往明显上升',
    },
    {
      en: 'rubric',
      zh: '评分量规',
      defEn: 'a table of criteria and levels used to judge a piece of work consistently',
      defZh: '列出评价标准和等级、用于一致评判作品的表格',
      exampleEn: 'an essay rubric with rows for argument, evidence and language',
      exampleZh: '作文量规分为论点、论据和语言三个维度',
    },
  ],
  audiences: [
    {
      en: 'a new teacher',
      zh: '新教师',
      tipEn:
        'Plan the questions you will ask before the lesson, and decide what a good answer looks like.',
      tipZh: '课前先设计好要问的问题，并想清楚好答案是什么样的。',
    },
    {
      en: 'a parent',
      zh: '家长',
      tipEn: 'Ask your child to teach you what they learned today; explaining is itself practice.',
      tipZh: '请孩子把今天学的内容讲给你听，讲解本身就是练习。',
    },
    {
      en: 'a secondary school student',
      zh: '中学生',
      tipEn: 'Test yourself instead of rereading notes, and spread revision over several weeks.',
      tipZh: '用自测代替反复看笔记，并把复习分散到几周内。',
    },
    {
      en: 'a school principal',
      zh: '校长',
      tipEn: 'Protect time for teachers to plan together and look at student work side by side.',
      tipZh: '为教师保留集体备课和共同分析学生作业的时间。',
    },
  ],
  calcQuestions: [
    (r) => {
      const a = r.int(2, 9);
      const x = r.int(2, 12);
      const b = r.int(1, 20);
      return {
        subject: 'education',
        question: `Solve for x: ${a}x + ${b} = ${a * x + b}.`,
        ...numericChoices(r, x, [x + 1, a * x, (a * x + b) / a]),
      };
    },
    (r) => {
      const total = r.pick([40, 50, 60, 80]);
      const passed = r.int(20, total - 2);
      const pct = Math.round((passed / total) * 1000) / 10;
      return {
        subject: 'education',
        question: `某班${total}名学生中有${passed}人及格，及格率是百分之多少？`,
        ...numericChoices(r, pct, [
          total - passed,
          Math.round(((total - passed) / total) * 1000) / 10,
          passed,
        ]),
      };
    },
    (r) => {
      const scores = [r.int(60, 100), r.int(60, 100), r.int(60, 100), r.int(60, 100)];
      const mean = scores.reduce((s, v) => s + v, 0) / scores.length;
      return {
        subject: 'education',
        question: `A student scored ${scores.join(', ')} on four quizzes. What is the mean score?`,
        ...numericChoices(r, mean, [Math.max(...scores), Math.min(...scores), mean + 2]),
      };
    },
    (r) => {
      const l = r.int(3, 15);
      const w = r.int(2, 12);
      return {
        subject: 'education',
        question: `长方形长${l}厘米、宽${w}厘米，它的周长是多少厘米？`,
        ...numericChoices(r, 2 * (l + w), [l * w, l + w, 2 * l * w]),
      };
    },
  ],
};
