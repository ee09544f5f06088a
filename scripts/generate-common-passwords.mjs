// Writes lib/auth/common-passwords.txt: passwords people pick most, refused by the password
// policy (lib/auth/password-policy.ts). Built offline from patterns seen at the top of every
// published leak list: the usual top passwords, names and words, keyboard walks, digit runs,
// and those words with a year or a short suffix. Re-run after editing the word lists:
//   node scripts/generate-common-passwords.mjs
import fs from "node:fs";

const top = `123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball
abc123 football monkey letmein shadow master 696969 mustang 666666 qwertyuiop 123321 1234567890
superman 1qaz2wsx 7777777 trustno1 jordan jennifer zxcvbnm asdfgh hunter buster soccer harley
batman andrew tigger sunshine iloveyou 2000 charlie robert thomas hockey ranger daniel starwars
klaster 112233 george computer michelle jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom
777777 pass maggie 159753 aaaaaa ginger princess joshua cheese amanda summer love ashley nicole
chelsea biteme matthew access yankees 987654321 dallas austin thunder taylor matrix william corvette
hello martin heather secret merlin diamond 1234qwer gfhjkm hammer silver 222222 88888888 anthony
justin test bailey q1w2e3r4t5 patrick internet scooter orange 11111 golfer cookie richard samantha
bigdog guitar jackson whatever mickey chicken sparky snoopy maverick phoenix camaro peanut morgan
welcome falcon cowboy ferrari samsung andrea smokey steelers joseph mercedes dakota arsenal eagles
melissa boomer booboo spider nascar monster tigers yellow xxxxxx 123123123 gateway marina diablo
bulldog qwer1234 compaq purple hardcore banana junior hannah 123654 porsche lakers iceman money
cowboys 987654 london tennis 999999 ncc1701 coffee scooby 0000 miller boston q1w2e3r4 brandon
yamaha chester mother forever johnny edward 333333 oliver redsox player nikita knight fender barney
midnight please brandy chicago badboy slayer rangers charles angel flower bigdaddy rabbit wizard
jasper enter rachel chris steven winner adidas victoria natasha 1q2w3e4r jasmine winter prince
panties marine ghbdtn fishing cocacola casper james 232323 raiders 888888 marlboro gandalf asdfasdf
crystal 87654321 12344321 golden 8675309 blowme bigtits 8j4ye3uz little dolphin letmein1 qwerty123
admin administrator root toor changeme default guest user login passw0rd p@ssw0rd p@ssword
password1 password12 password123 password1234 welcome1 welcome123 abc12345 abcd1234 a1b2c3d4
iloveyou1 qwerty1 qwerty12 1qazxsw2 zaq12wsx zaq1zaq1 qazwsx qazwsxedc 1q2w3e4r5t 1q2w3e4r5t6y
asdf1234 asdfghjkl zxcvbnm1 qweasdzxc 123qwe 123qweasd 123abc 654321 7654321 00000000 000000
121212 101010 202020 123456a 123456q a123456 aa123456 aa12345678 1234abcd trustno1 starwars1
football1 baseball1 superman1 batman1 monkey1 dragon1 shadow1 master1 sunshine1 princess1 michael
michael1 jennifer1 jordan23 liverpool manchester barcelona realmadrid juventus chelsea1 arsenal1
pokemon minecraft fortnite roblox naruto hellokitty spiderman ironman pikachu zelda mario
letmein123 trustme secret123 mypassword mypass passpass pass1234 pass123 test123 test1234 testing
demo demo123 temp temp123 changeme123 welcome2 hello123 hello1 love123 lovely loveme iloveu
babygirl baby angel1 angels princess123 sweety sweetheart honey flowers butterfly rainbow
unicorn cupcake chocolate vanilla candy sugar peaches cherry strawberry blueberry apple
apples pineapple coconut mango orange1 lemon purple1 blue red green black white silver1 gold
system server network security firewall database oracle mysql postgres linux windows ubuntu
microsoft google facebook twitter instagram linkedin youtube amazon netflix spotify apple123
iphone android samsung1 nokia sony toshiba dell lenovo asus acer office office123 company
business support helpdesk service customer sales marketing manager director ceo boss
qwertyui qwertyu asdfghjk zxcvbnm123 qwertyuiop123 1qaz2wsx3edc 1qaz2wsx3edc4rfv zaq1xsw2cde3
qazwsxedcrfv q1w2e3r4t5y6 1q2w3e4r5t6y7u qweasd qweasdzxc123 123qweasdzxc asdzxc zxcasdqwe
mnbvcxz poiuytrewq lkjhgfdsa 0987654321 9876543210 147258369 159357 147258 741852963 963852741
123654789 12341234 123412341234 11223344 112233445566 123123123123 123456123456 123456654321
1234512345 12345654321 abcdef abcdefg abcdefgh abcdefghij abcabc abc123abc abcd abcde
aaaaaaaa aaaaaaaaaaaa zzzzzz xxxxxxxx qqqqqq 1111111111 111111111111 000000000000 999999999
qwertyqwerty passwordpassword iloveyouiloveyou monkeymonkey letmeinletmein adminadmin
administrator1 admin1 admin12 admin123 admin1234 root123 rootroot superuser supervisor
sysadmin webmaster webadmin master123 masterkey pa55word pa55w0rd passw0rd1 p4ssw0rd
football123 baseball123 soccer123 hockey123 basketball volleyball tennis123 golf golfing
hunting fishing1 camping skiing surfing swimming running cycling dancing singing music
guitar1 piano drums rockstar rocknroll metallica nirvana beatles elvis eminem tupac
jesus jesus1 jesuschrist christ god godisgood blessed faith hope trinity heaven angel123
family family1 friends friend forever1 together happiness happy smile freedom1 liberty
america usa canada mexico england france germany italy spain brazil india china japan
australia newyork california texas florida london1 paris berlin madrid tokyo moscow
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday spring summer1 autumn winter1
christmas halloween easter birthday valentine holiday vacation weekend tomorrow yesterday
computer1 internet1 laptop desktop keyboard mouse monitor printer software hardware
qwerty12345 qwerty1234 qwerty123456 1qaz!qaz 1qaz@wsx !qaz2wsx zaq!2wsx p@ssw0rd1 p@ssw0rd123
password! password1! password123! passw0rd! welcome1! qwerty! qwerty1! admin! admin123!
correcthorsebatterystaple correcthorse trustno1trustno1 letmeinnow openup opensesame
whatever1 nothing something anything everything myself yourself someone nobody anybody
killer pussy fuckyou fuckme asshole bitch cunt shit dick cock sexy sex sexsex hottie
lovers lover killer1 hunter1 hunter2 ranger1 soldier warrior ninja samurai viking pirate
dragon123 dragons tiger tiger1 lion eagle falcon1 hawk wolf wolves bear bears shark
dolphin1 horse horses kitty kitten puppy doggy doggie cat cats dog dogs fish bird
mustang1 corvette1 ferrari1 porsche1 camaro1 bmw audi mercedes1 toyota honda ford chevy
harley1 ducati yamaha1 kawasaki suzuki ninja1 jaguar lexus nissan subaru mazda volvo`;

// First names and words that head leaked lists, and appear with years and short suffixes.
const names = `michael jennifer jessica ashley amanda daniel matthew joshua andrew christopher
jordan taylor nicole michelle thomas robert william james charles david richard joseph
anthony brandon justin samantha elizabeth hannah emily sarah lauren rachel stephanie
melissa amber heather megan danielle brittany kimberly christina victoria alexander
benjamin nicholas jonathan kevin jason ryan eric steven brian patrick george edward
maria anna sophia olivia emma isabella mia charlotte amelia harper evelyn abigail
oliver jack harry jacob charlie noah liam lucas mason ethan logan aiden elijah`;

const words = `password passw0rd qwerty welcome letmein iloveyou admin monkey dragon sunshine
princess football baseball soccer hockey superman batman master shadow freedom summer
winter spring autumn love secret hello trustno1 starwars pokemon liverpool chelsea arsenal
manchester barcelona america london charlie tigger buster pepper ginger maggie bailey
cookie chocolate family friends forever happy lucky angel blessed jesus changeme company
support helpdesk office welcome1 password1 qwerty1 abc123 test demo guest user login`;

const walks = `qwertyuiop asdfghjkl zxcvbnm qazwsxedc qweasdzxc 1qaz2wsx3edc4rfv 1q2w3e4r5t6y7u8i
zaq12wsxcde3 !qaz@wsx#edc qwerasdfzxcv qwertasdfgzxcvb 1234qwerasdf 1234qwerasdfzxcv
qwe123qwe123 asd123asd123 zxc123zxc123 qazxswedc qazxswedcvfr mnbvcxzlkjhgfdsa
poiuytrewqasdfghjkl 1qazxsw2 2wsx3edc 3edc4rfv 4rfv5tgb 5tgb6yhn 6yhn7ujm 7ujm8ik,
!@#$%^&*() !@#$%^&* !@#$%^ 1234567890-= 0987654321qwerty qwertyuiop[] asdfghjkl;'
1q2w3e4r5t6y7u8i9o0p 0p9o8i7u6y5t4r3e2w1q qwertzuiop qwertz azertyuiop azerty
ytrewq ytrewq123 poiuyt lkjhgf 123qwe123qwe 321ewq`;

const split = (text) => text.split(/\s+/).filter(Boolean);
const out = new Set();
const add = (value) => out.add(value.toLowerCase());

for (const value of [...split(top), ...split(names), ...split(words), ...split(walks)]) add(value);

// Digit runs and repeats, up to 16 characters.
for (let length = 4; length <= 16; length += 1) {
  add("1234567890".repeat(2).slice(0, length));
  add("0987654321".repeat(2).slice(0, length));
  for (let digit = 0; digit <= 9; digit += 1) add(String(digit).repeat(length));
}

const suffixes = [
  "1",
  "12",
  "123",
  "1234",
  "12345",
  "123456",
  "!",
  "1!",
  "123!",
  "@123",
  "#1",
  "01",
  "007",
  "69",
  "99",
  "00",
  "11",
  "22",
  "2",
  "3",
];
const years = [];
for (let year = 1960; year <= 2035; year += 1) years.push(String(year));

for (const word of split(words)) {
  for (const suffix of suffixes) add(word + suffix);
  for (const year of years) add(word + year);
  for (const year of years.slice(-20)) add(`${word}${year}!`);
  add(word + word);
  add(`${word}${word}1`);
}
// Names: the policy also strips a short trailing run of digits and symbols before looking a
// password up, so a few spelled-out variants are enough here.
for (const name of split(names)) {
  for (const suffix of ["1", "123", "1234", "12345", "123456", "!"]) add(name + suffix);
  for (const year of years.filter((year) => year >= "1980" && year <= "2025")) add(name + year);
}

const list = [...out].filter((value) => value.length >= 4 && value.length <= 64).sort();
const header =
  "# Common passwords, refused by lib/auth/password-policy.ts (lowercase; generated by scripts/generate-common-passwords.mjs).";
fs.writeFileSync("lib/auth/common-passwords.txt", `${header}\n${list.join("\n")}\n`);
console.log(`wrote ${list.length} passwords`);
