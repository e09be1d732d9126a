/**
 * Names for synthetic people and places. Faker's en_GB locale supplies streets and postcodes but borrows its
 * personal names from the US list, so people are drawn from these common UK names instead.
 */

export const FEMALE_FORENAMES = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Emily', 'Sophie', 'Grace', 'Lily', 'Jessica', 'Chloe', 'Ella', 'Mia',
  'Charlotte', 'Hannah', 'Lucy', 'Megan', 'Holly', 'Rebecca', 'Laura', 'Sarah', 'Emma', 'Rachel', 'Gemma',
  'Claire', 'Nicola', 'Joanne', 'Karen', 'Susan', 'Julie', 'Tracey', 'Michelle', 'Donna', 'Kelly', 'Lisa',
  'Dawn', 'Angela', 'Jacqueline', 'Patricia', 'Margaret', 'Linda', 'Janet', 'Carol', 'Christine', 'Sandra',
  'Pauline', 'Maureen', 'Jean', 'Brenda', 'Sheila', 'Doreen', 'Joan', 'Valerie', 'Amy', 'Zoe', 'Jade',
  'Leanne', 'Natalie', 'Stacey', 'Aisha', 'Fatima', 'Priya', 'Amira', 'Zainab', 'Agnieszka', 'Katarzyna',
  'Chiamaka', 'Abena', 'Siobhan', 'Bethan', 'Rhiannon', 'Kirsty', 'Shannon', 'Danielle', 'Samantha',
] as const

export const MALE_FORENAMES = [
  'Oliver', 'George', 'Harry', 'Jack', 'Jacob', 'Noah', 'Charlie', 'Thomas', 'Oscar', 'William', 'James',
  'Daniel', 'Joshua', 'Ryan', 'Liam', 'Callum', 'Jordan', 'Lewis', 'Connor', 'Kieran', 'Jamie', 'Adam',
  'Matthew', 'Luke', 'Michael', 'David', 'Paul', 'Mark', 'Andrew', 'Richard', 'Stephen', 'Christopher',
  'Darren', 'Wayne', 'Lee', 'Craig', 'Dean', 'Gary', 'Neil', 'Kevin', 'Ian', 'Graham', 'Peter', 'John',
  'Robert', 'Alan', 'Brian', 'Keith', 'Derek', 'Colin', 'Kenneth', 'Raymond', 'Trevor', 'Dennis', 'Roy',
  'Mohammed', 'Ahmed', 'Imran', 'Rajesh', 'Sanjay', 'Tomasz', 'Piotr', 'Chinedu', 'Kwame', 'Emeka',
  'Declan', 'Sean', 'Rhys', 'Gareth', 'Dylan', 'Aaron', 'Nathan', 'Shane', 'Tyler',
] as const

export const SURNAMES = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts',
  'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall', 'Lewis', 'Harris',
  'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Morris', 'Moore', 'Clark',
  'Lee', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen', 'James', 'Scott', 'Phillips', 'Watson', 'Davis',
  'Parker', 'Price', 'Bennett', 'Young', 'Griffiths', 'Mitchell', 'Kelly', 'Cook', 'Carter', 'Richardson',
  'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy', 'Miller', 'Cox', 'Richards', 'Khan', 'Marshall', 'Anderson',
  'Simpson', 'Ellis', 'Adams', 'Singh', 'Begum', 'Wilkinson', 'Foster', 'Chapman', 'Powell', 'Webb', 'Rogers',
  'Gray', 'Mason', 'Ali', 'Hunt', 'Hussain', 'Campbell', 'Matthews', 'Owen', 'Palmer', 'Holmes', 'Mills',
  'Barnes', 'Knight', 'Lloyd', 'Butler', 'Russell', 'Barker', 'Fisher', 'Stevens', 'Jenkins', 'Murray', 'Dixon',
  'Harvey', 'Graham', 'Pearson', 'Ahmed', 'Fletcher', 'Walsh', 'Kaur', 'Gibson', 'Howard', 'Andrews', 'Stewart',
  'Elliott', 'Reynolds', 'Saunders', 'Payne', 'Fox', 'Ford', 'Pearce', 'Day', 'Brooks', 'West', 'Lawrence',
  'Cole', 'Atkinson', 'Bradley', 'Spencer', 'Gill', 'Dawson', 'Ball', 'Burton', "O'Brien", 'Watts', 'Rose',
  'Booth', 'Perry', 'Ryan', 'Grant', 'Wells', 'Armstrong', 'Francis', 'Rees', 'Hayes', 'Hart', 'Hudson',
  'Newman', 'Barrett', 'Webster', 'Hunter', 'Gregory', 'Carr', 'Lowe', 'Page', 'Marsh', 'Riley', 'Dunn',
  'Woods', 'Parsons', 'Berry', 'Stone', 'Reid', 'Holland', 'Hawkins', 'Harding', 'Porter', 'Robertson',
  'Newton', 'Oliver', 'Reed', 'Kennedy', 'Williamson', 'Bird', 'Gardner', 'Shah', 'Dean', 'Lane', 'Cooke',
  'Bates', 'Henderson', 'Parry', 'Burgess', 'Bishop', 'Walton', 'Burns', 'Nicholson', 'Shepherd', 'Ross',
  'Cross', 'Long', 'Freeman', 'Warren', 'Nicholls', 'Hamilton', 'Byrne', 'Sutton', 'McDonald', 'Yates',
  'Hodgson', 'Robson', 'Curtis', 'Hopkins', "O'Connor", 'Harper', 'Coleman', 'Watkins', 'Moss', 'McCarthy',
  'Chambers', "O'Neill", 'Griffin', 'Sharp', 'Hardy', 'Wheeler', 'Potter', 'Osborne', 'Johnston', 'Gordon',
  'Doyle', 'Wallace', 'George', 'Jordan', 'Hutchinson', 'Rowe', 'Burke', 'May', 'Pritchard', 'Gilbert',
  'Willis', 'Higgins', 'Read', 'Miles', 'Stevenson', 'Stephenson', 'Hammond', 'Arnold', 'Buckley', 'Walters',
  'Hewitt', 'Barber', 'Nelson', 'Slater', 'Austin', 'Sullivan', 'Whitehead', 'Mann', 'Frost', 'Lambert',
  'Nowak', 'Kowalski', 'Wisniewski', 'Okafor', 'Mensah', 'Adeyemi', 'Mahmood', 'Rahman', 'Akhtar', 'Islam',
  'Mistry', 'Chauhan', 'Sharma', 'Ozturk', 'Nguyen', 'Costa', 'Silva', 'Popescu',
] as const

/** Towns a council might be named after (fictional or generic enough not to point at a real landlord). */
export const TOWNS = [
  'Ashbury', 'Brackenford', 'Castleton Vale', 'Dunmere', 'Eastwick', 'Fernley', 'Glenholme', 'Harrowfield',
  'Ivybridge Heath', 'Kingsmead', 'Larkhill', 'Millbrook', 'Northwold', 'Oakhampton', 'Penbury', 'Queensford',
  'Redmarsh', 'Stanbridge', 'Thornleigh', 'Upperton', 'Wexcombe', 'Yarwood',
] as const

/** Districts and estates: patches are named after them. */
export const DISTRICTS = [
  'Northfield', 'Southmead', 'Eastgate', 'Westbury Park', 'Brookside', 'Oakwood', 'Hillcrest', 'Riverside',
  'Meadowbank', 'Ashgrove', 'Castle Estate', 'Fairfield', 'Greenacres', 'Hollybush', 'Kingsway', 'Lakeside',
  'Marsh Lane Estate', 'Newtown', 'Orchard Park', 'Parkside', 'Quarry Hill', 'Rosehill', 'St Mary\'s',
  'Thornton Heath', 'Upton Park', 'Victoria Estate', 'Willowbrook', 'Windmill Hill', 'Abbey Fields',
  'Beacon Hill', 'Coldharbour', 'Dale End', 'Elmwood', 'Foxley', 'Gorse Hill', 'Hawthorn', 'Ironbridge',
  'Jubilee Estate', 'Kestrel Park', 'Longmoor',
] as const

/** Blocks of flats: "<name> House/Court/Tower". */
export const BLOCK_NAMES = [
  'Nelson', 'Churchill', 'Attlee', 'Bevan', 'Wellington', 'Raleigh', 'Drake', 'Shakespeare', 'Chaucer',
  'Milton', 'Brunel', 'Faraday', 'Darwin', 'Newton', 'Stephenson', 'Telford', 'Lister', 'Nightingale',
  'Cavell', 'Pankhurst', 'Seacole', 'Austen', 'Bronte', 'Dickens', 'Hardy', 'Keats', 'Shelley', 'Byron',
  'Wordsworth', 'Tennyson', 'Elgar', 'Purcell', 'Turner', 'Constable', 'Gainsborough', 'Hogarth', 'Oak',
  'Ash', 'Beech', 'Birch', 'Cedar', 'Elm', 'Hazel', 'Larch', 'Maple', 'Poplar', 'Rowan', 'Willow', 'Alder',
  'Holly', 'Juniper', 'Laurel', 'Linden', 'Sycamore', 'Yew', 'Heron', 'Kingfisher', 'Swallow', 'Wren',
  'Lapwing', 'Curlew', 'Falcon', 'Merlin', 'Osprey', 'Plover', 'Skylark', 'Kestrel', 'Avon', 'Severn',
  'Trent', 'Mersey', 'Tyne', 'Wye', 'Derwent', 'Medway', 'Ouse', 'Tamar',
] as const

export const BLOCK_SUFFIXES = ['House', 'Court', 'Court', 'House', 'Tower', 'Lodge', 'Point'] as const

export const TRAVELLER_SITE_NAMES = ['Meadow Lane', 'Riverside', 'Old Quarry', 'Brook Farm', 'Marsh End'] as const
